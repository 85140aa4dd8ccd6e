package io.ripcord.cli;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check runbook files without running anything: syntax, verbs, arguments, names,",
                "parameters and steps. Exits 2 if any file has a problem."})
public final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Runbook files.")
    List<String> files;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        int failed = 0;
        for (String file : files) {
            try {
                RunbookDefinition rb = cli.load(file);
                cli.out().println(cli.styles().green("ok") + "  " + file + "  " + rb.id() + " (" + rb.steps().size() + " steps, "
                        + rb.params().size() + " params)");
            } catch (RunbookException e) {
                failed++;
                cli.out().flush();
                cli.printProblems(e);
            }
        }
        cli.out().flush();
        cli.err().flush();
        if (failed > 0 && files.size() > 1) {
            cli.err().println(failed + " of " + files.size() + " runbooks have problems");
        }
        return failed == 0 ? ExitCode.OK.code : ExitCode.USAGE.code;
    }
}
