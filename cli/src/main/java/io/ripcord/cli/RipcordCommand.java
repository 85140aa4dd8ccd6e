package io.ripcord.cli;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "ripcord",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Versioned Groovy runbooks for backups, restores and rollbacks.",
                "Check a runbook, see its plan (nothing touched), then run it."})
// the footer (every exit code) is set by Cli#commandLine from ExitCode, so it cannot fall behind the table
public final class RipcordCommand implements Callable<Integer> {

    final Cli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces with errors.")
    boolean debug;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never colour the output (NO_COLOR does the same).")
    boolean noColor;

    RipcordCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        // no subcommand is a usage error: show what there is
        cli.printProblem(Problem.of(ProblemCode.INVALID_COMMAND_LINE, "no command given", null)
                .withNext("one of the commands below; `ripcord help COMMAND` says more"));
        spec.commandLine().usage(cli.err());
        return ProblemCode.INVALID_COMMAND_LINE.exitCode.code;
    }
}
