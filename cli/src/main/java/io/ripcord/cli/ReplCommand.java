package io.ripcord.cli;

import io.ripcord.cli.repl.Repl;
import io.ripcord.journal.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"The incident shell: verbs one at a time, every command journaled.",
                "The verbs are the same as in runbooks; the session is journaled as an interactive run. Tab completes, Ctrl-C stops a running verb, Ctrl-D leaves; :help lists the commands.",
                "With input piped in it reads commands line by line and prints plainly; the exit code is 0 when every",
                "command succeeded, else the first failure's (1 a verb failed, 2 bad input, 130 interrupted)."})
public final class ReplCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "RUNBOOK", arity = "0..1", completionCandidates = CompletionCommand.RunbookNames.class, description = "A runbook file or NAME[@VERSION] to :load first.")
    String runbook;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A parameter of that runbook; repeat for more.")
    List<String> params = new ArrayList<>();

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Journal[] opened = new Journal[1];
        try {
            return Repl.start(cli, () -> opened[0] = journalOption.open(cli), System.in, System.console() != null, runbook, params);
        } finally {
            if (opened[0] != null) {
                opened[0].close();
            }
        }
    }
}
