package io.ripcord.cli;

import io.ripcord.problem.ProblemJson;
import io.ripcord.report.JsonDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import io.ripcord.units.Counted;
import io.ripcord.journal.Journal;
import io.ripcord.session.RunSession;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check runbook files without running anything.",
                "Checks syntax, verbs, arguments, names, parameters and steps; exits 2 if any file has a problem."})
public final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "FILE", arity = "1..*", completionCandidates = CompletionCommand.RunbookNames.class, description = "Runbook files (or names from 'ripcord list').")
    List<String> files;

    @Option(names = "--json", description = "Print each file's outcome and problems as JSON (format ripcord-check/1) for tools.")
    boolean json;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        int failed = 0;
        ExitCode exit = ExitCode.OK;
        // a journal is only read if there is one: checking never creates files
        Optional<Journal> journal = journalOption.openExisting(cli);
        List<Object> checked = new ArrayList<>();
        for (String file : files) {
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("file", file);
            checked.add(outcome);
            try {
                RunbookDefinition rb = cli.load(file);
                journal.ifPresent(j -> RunSession.refuseChangedVersion(j, rb));
                outcome.put("ok", true);
                outcome.put("runbook", rb.name());
                outcome.put("version", rb.version());
                outcome.put("steps", rb.steps().size());
                outcome.put("params", rb.params().size());
                outcome.put("problems", List.of());
                if (json) {
                    continue;
                }
                cli.out().println(cli.styles().green("ok") + "  " + file + "  " + rb.id() + " (" + Counted.of(rb.steps().size(), "step") + ", "
                        + Counted.of(rb.params().size(), "param") + ")");
            } catch (RunbookException e) {
                failed++;
                exit = exit == ExitCode.OK ? e.exitCode() : exit; // the first problem's code, as everywhere
                outcome.put("ok", false);
                outcome.put("problems", e.problems().stream().map(ProblemJson::data).toList());
                if (json) {
                    continue;
                }
                cli.out().flush();
                cli.printProblems(e);
            }
        }
        journal.ifPresent(Journal::close);
        if (json) { // the problems are in the document: stderr stays for what went wrong with check itself
            Map<String, Object> root = JsonDocument.of(JsonDocument.CHECK);
            root.put("exitCode", exit.code);
            root.put("files", checked);
            cli.out().print(JsonDocument.render(cli.redactor().redactTree(root)));
            cli.out().flush();
            return exit.code;
        }
        cli.out().flush();
        cli.err().flush();
        if (failed > 0 && files.size() > 1) {
            cli.err().println(failed + " of " + files.size() + " runbooks have problems");
        }
        return exit.code;
    }
}
