package io.ripcord.cli;

import io.ripcord.exec.RunState;
import io.ripcord.journal.Journal;
import io.ripcord.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List runs from the journal, newest first.")
public final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Option(names = "--runbook", paramLabel = "NAME", description = "Only runs of this runbook.")
    String runbook;

    @Option(names = "--state", paramLabel = "STATE", description = "Only runs in this state: ${COMPLETION-CANDIDATES}.")
    RunState state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs as JSON (format ripcord-runs/1) for tools.")
    boolean json;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Optional<Journal> journal = journalOption.openExisting(cli);
        if (journal.isEmpty()) {
            cli.out().print(json ? RunReport.listJson(List.of()) : RunReport.list(List.of()));
            cli.out().flush();
            return 0;
        }
        try (Journal j = journal.get()) {
            List<io.ripcord.journal.RunRecord> runs = j.runs(runbook, state, limit);
            cli.out().print(json ? RunReport.listJson(runs) : RunReport.list(runs));
        }
        cli.out().flush();
        return 0;
    }
}
