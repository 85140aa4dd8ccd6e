package io.ripcord.cli;

import io.ripcord.report.TextTable;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.library.RunbookLibrary;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the runbooks on the search path.",
                "The search path is runbooks/, then the directories in RIPCORD_PATH; each runbook with name, version,",
                "content hash, file and last run. 'ripcord run NAME[@VERSION]' runs one."})
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        RunbookLibrary library = cli.library();
        Optional<Journal> journal = journalOption.openExisting(cli);
        TextTable table = new TextTable("NAME", "VERSION", "SHA256", "FILE", "LAST RUN");
        for (RunbookDefinition rb : library.runbooks()) {
            String last = journal.flatMap(j -> j.lastRunOf(rb.name(), rb.version()))
                    .map(ListCommand::describe).orElse("never");
            table.row(rb.name(), rb.version(), rb.source().sha256().substring(0, 12), rb.source().displayPath(), last);
        }
        for (RunbookLibrary.Entry broken : library.entries().stream().filter(e -> e.problem() != null).toList()) {
            table.row("(invalid)", "", "", broken.file(), broken.problem().first().headline());
        }
        cli.out().print(table.render());
        if (library.entries().isEmpty()) {
            cli.out().println("No runbooks under " + RunbookLibrary.searchPath(cli.cwd(), cli.env()).stream()
                    .map(Path::toString).collect(Collectors.joining(", ")) + ".");
        }
        journal.ifPresent(Journal::close);
        cli.out().flush();
        return 0;
    }

    private static String describe(RunRecord run) {
        return run.state() + " " + RunReport.time(run.startedAt()) + " (" + run.id() + ")";
    }
}
