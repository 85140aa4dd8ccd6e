package io.ripcord.cli;

import io.ripcord.exec.RunState;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
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

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Optional<Journal> journal = journalOption.openExisting(cli);
        if (journal.isEmpty()) {
            cli.out().print(RunReport.list(List.of()));
            cli.out().flush();
            return 0;
        }
        try (Journal j = journal.get()) {
            cli.out().print(RunReport.list(j.runs(runbook, state, limit)));
        }
        cli.out().flush();
        return 0;
    }

    static RunbookException noJournal(Path file) {
        return new RunbookException(Problem.of(ProblemCode.UNKNOWN_RUN, "there is no journal at " + file + ", so no runs", null)
                .withNext("runs are journaled by `ripcord run`; --journal or RIPCORD_HOME point at another journal"));
    }

    static RunbookException unknownRun(String id, Journal journal) {
        List<String> recent = journal.runs(null, null, 50).stream().map(RunRecord::id).toList();
        return new RunbookException(new Problem(ProblemCode.UNKNOWN_RUN, "no run '" + id + "' in the journal " + journal.file(), null,
                NearestNames.to(id, recent), "`ripcord runs` lists the runs"));
    }
}
