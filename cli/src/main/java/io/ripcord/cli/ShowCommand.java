package io.ripcord.cli;

import io.ripcord.files.AtomicFile;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "One run from the journal: steps, verb calls, timings, outputs, errors and events.")
public final class ShowCommand implements Callable<Integer> {

    enum Format { text, json, md, html }

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "RUN", completionCandidates = CompletionCommand.RunIds.class, description = "The run id ('ripcord runs' lists them), or 'last' for the newest run.")
    String runId;

    @Option(names = "--format", defaultValue = "text", description = "text, json, md or html (one self-contained page; default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--json", description = "The same as --format json (format ripcord-run/1).")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (replaced whole) instead of printing it.")
    Path outFile;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        try (Journal journal = journalOption.openRequired(cli)) {
            RunRecord run = JournalOption.run(journal, runId);
            RunReport report = new RunReport(journal, run);
            String text = switch (json ? Format.json : format) {
                case text -> report.text();
                case json -> report.json();
                case md -> report.markdown();
                case html -> report.html();
            };
            if (outFile == null) {
                cli.out().print(text);
            } else {
                Path target = cli.cwd().resolve(outFile);
                write(target, text);
                cli.out().println("Wrote " + target);
            }
        }
        cli.out().flush();
        return 0;
    }

    private static void write(Path target, String text) {
        try {
            AtomicFile.write(target, out -> {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return null;
            });
        } catch (IOException e) {
            Path dir = target.toAbsolutePath().getParent();
            String why = dir != null && !Files.isDirectory(dir) ? "the directory " + dir + " does not exist"
                    : e.getClass().getSimpleName() + " " + e.getMessage();
            throw new RunbookException(Problem.of(ProblemCode.DESTINATION_NOT_WRITABLE, "cannot write the report to " + target + ": " + why, null)
                    .withNext("give --out a file in a directory you can write, or leave --out out to print the report"));
        }
    }
}
