package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.session.RunSession;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.params.ParamResolver;
import io.ripcord.plan.Planner;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue a failed, interrupted or crashed run without repeating completed calls.",
                "The runbook is evaluated again: verb calls that completed return their journaled results without acting, and the run goes on from the first call",
                "that did not complete. A runbook file that changed since is refused unless --accept-changes."})
public final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "RUN", completionCandidates = CompletionCommand.RunIds.class, description = "The run id ('ripcord runs' lists them), or 'last' for the newest run.")
    String runId;

    @Option(names = "--accept-changes", description = "Resume even though the runbook file changed since the run started.")
    boolean acceptChanges;

    @Option(names = "--take-over", description = "Take the run from an owner whose lease still runs (another machine, a hung process);"
            + " needs --reason. That owner stops before its next change.")
    boolean takeOver;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why the run is taken over; journaled with who took it.")
    String reason;

    @Mixin
    JournalOption journalOption;

    @Mixin
    ApprovalOptions approvals = new ApprovalOptions();

    @Override
    public Integer call() {
        Cli cli = root.cli;
        if (takeOver && (reason == null || reason.isBlank())) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "--take-over needs --reason TEXT", null)
                    .withNext("say why, e.g. --reason 'alice is offline, continuing the rollback'; it is journaled"));
        }
        try (Journal journal = journalOption.openRequired(cli)) {
            RunRecord run = JournalOption.run(journal, runId);
            RunSession.refuseInteractive(run);
            if (run.file() == null || !Files.exists(Path.of(run.file()))) {
                throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "the runbook file of run " + runId + " ("
                        + run.file() + ") is gone", null).withNext("restore the file to that path, then resume"));
            }
            RunbookDefinition runbook = cli.load(run.file());
            RunSession.checkResumable(run, runbook, acceptChanges, takeOver);
            Map<String, String> given = new LinkedHashMap<>();
            run.params().forEach((k, v) -> {
                if (v != null) given.put(k, v.toString());
            });
            Map<String, Object> params = ParamResolver.resolve(runbook.params(), given, runbook.id());
            runbook = runbook.withParams(params); // code outside the steps reads them too
            new Planner(cli.verbs(), cli.cwd(), cli.env()).plan(runbook, params); // argument checks before anything acts
            runbook = cli.evaluateAgain(runbook, params); // nothing the plan pass set is visible to the run
            ConsoleRunListener listener = new ConsoleRunListener(cli, approvals, false);
            try (InterruptSignal signals = InterruptSignal.stopOnSignals(Thread.currentThread())) {
                return listener.summary(runbook, cli.session(journal, listener).resume(run, runbook, params, acceptChanges, null,
                        takeOver ? reason : null),
                        signals, journal);
            } finally {
                Thread.interrupted();
            }
        }
    }
}
