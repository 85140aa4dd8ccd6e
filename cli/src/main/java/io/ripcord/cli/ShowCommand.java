package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "One run from the journal: steps, verb calls, timings, outputs, errors and events.")
public final class ShowCommand implements Callable<Integer> {

    enum Format { text, json, md }

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "RUN", description = "The run id ('ripcord runs' lists them), or 'last' for the newest run.")
    String runId;

    @Option(names = "--format", defaultValue = "text", description = "text, json or md (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--json", description = "The same as --format json (format ripcord-run/1).")
    boolean json;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        try (Journal journal = journalOption.openRequired(cli)) {
            RunRecord run = JournalOption.run(journal, runId);
            RunReport report = new RunReport(journal, run);
            cli.out().print(switch (json ? Format.json : format) {
                case text -> report.text();
                case json -> report.json();
                case md -> report.markdown();
            });
        }
        cli.out().flush();
        return 0;
    }
}
