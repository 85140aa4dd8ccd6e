package io.ripcord.cli;

import io.ripcord.problem.ExitCode;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.VerbReference;
import io.ripcord.verb.VerbSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "help", helpCommand = true,
        description = "Help on a command or a verb: 'ripcord help run', 'ripcord help sh'. Without a topic, lists both.")
public final class HelpCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "TOPIC", arity = "0..1", description = "A command or a verb.")
    String topic;

    @Option(names = "--markdown", description = "Print the verb reference as Markdown (docs/verbs.md is checked against it).")
    boolean markdown;

    @Option(names = "--gdsl", description = "Print an IntelliJ IDEA GDSL descriptor for runbook completion (ide/ripcord.gdsl is this).")
    boolean gdsl;

    @Option(names = "--man", paramLabel = "DIR", hidden = true,
            description = "Write the man pages (roff: ripcord.1 and ripcord-COMMAND.1) into DIR; bin/release ships them.")
    java.nio.file.Path manDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        CommandLine top = root.spec.commandLine();
        if (markdown) {
            cli.out().print(VerbReference.markdown(cli.verbs().specs()));
        } else if (manDir != null) {
            writeManPages(cli, top);
        } else if (gdsl) {
            cli.out().print(VerbReference.gdsl(cli.verbs().specs()));
        } else if (topic == null) {
            top.usage(cli.out());
            cli.out().println();
            cli.out().println("Verbs (ripcord help VERB):");
            for (VerbSpec verb : cli.verbs().specs()) {
                cli.out().printf("  %-12s %s%n", verb.name(), verb.summary());
            }
        } else if (top.getSubcommands().containsKey(topic)) {
            top.getSubcommands().get(topic).usage(cli.out());
        } else if (cli.verbs().has(topic)) {
            cli.out().print(VerbReference.text(cli.verbs().find(topic).orElseThrow().spec()));
        } else {
            TreeSet<String> known = new TreeSet<>(cli.verbs().names());
            known.addAll(top.getSubcommands().keySet());
            throw new RunbookException(new Problem(ProblemCode.UNKNOWN_VERB, "no command or verb named '" + topic + "'", null,
                    NearestNames.to(topic, known), "'ripcord help' lists them"));
        }
        cli.out().flush();
        return ExitCode.OK.code;
    }

    private void writeManPages(Cli cli, CommandLine top) {
        try {
            java.nio.file.Files.createDirectories(manDir);
            for (var page : ManPages.pages(top, io.ripcord.RipcordVersion.get()).entrySet()) {
                java.nio.file.Files.writeString(manDir.resolve(page.getKey()), page.getValue());
                cli.out().println(manDir.resolve(page.getKey()));
            }
        } catch (java.io.IOException e) {
            throw new RunbookException(Problem.of(ProblemCode.DESTINATION_NOT_WRITABLE, "cannot write the man pages into " + manDir
                    + ": " + e.getMessage(), null).withNext("give --man a directory you can write"));
        }
    }
}
