package io.ripcord.cli;

import io.ripcord.model.StepDefinition;
import io.ripcord.params.ParamSpec;
import io.ripcord.problem.ProblemJson;
import io.ripcord.report.JsonDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
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

    @Option(names = "--json", description = "Print the runbooks as JSON (format ripcord-runbooks/1) for tools.")
    boolean json;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        RunbookLibrary library = cli.library();
        Optional<Journal> journal = journalOption.openExisting(cli);
        if (json) {
            cli.out().print(json(cli, library, journal));
            journal.ifPresent(Journal::close);
            cli.out().flush();
            return 0;
        }
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

    private static String json(Cli cli, RunbookLibrary library, Optional<Journal> journal) {
        List<Object> runbooks = new ArrayList<>();
        for (RunbookDefinition rb : library.runbooks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", rb.name());
            m.put("version", rb.version());
            m.put("description", rb.description());
            m.put("sha256", rb.source().sha256());
            m.put("file", rb.source().displayPath());
            m.put("steps", rb.steps().stream().map(StepDefinition::name).toList());
            m.put("params", rb.params().stream().map(ParamSpec::name).toList());
            m.put("lastRun", journal.flatMap(j -> j.lastRunOf(rb.name(), rb.version())).map(run -> {
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("id", run.id());
                last.put("state", run.state().name());
                last.put("startedAt", JsonDocument.time(run.startedAt()));
                return last;
            }).orElse(null));
            runbooks.add(m);
        }
        List<Object> invalid = new ArrayList<>();
        for (RunbookLibrary.Entry broken : library.entries().stream().filter(e -> e.problem() != null).toList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Path file = broken.file().toAbsolutePath();
            Path cwd = cli.cwd().toAbsolutePath();
            m.put("file", (file.startsWith(cwd) ? cwd.relativize(file) : file).toString()); // as runbooks' files are shown
            m.put("problems", broken.problem().problems().stream().map(ProblemJson::data).toList());
            invalid.add(m);
        }
        Map<String, Object> root = JsonDocument.of(JsonDocument.RUNBOOKS);
        root.put("searchPath", RunbookLibrary.searchPath(cli.cwd(), cli.env()).stream().map(Path::toString).toList());
        root.put("runbooks", runbooks);
        root.put("invalid", invalid);
        return JsonDocument.render(cli.redactor().redactTree(root));
    }

    private static String describe(RunRecord run) {
        return run.state() + " " + RunReport.time(run.startedAt()) + " (" + run.id() + ")";
    }
}
