package io.ripcord.cli;

import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.journal.Journal;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.plan.PlanPrinter;
import io.ripcord.plan.SavedPlan;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a runbook: check it, show its plan, then run its steps in order, every verb call journaled.",
                "Nothing runs unless the whole file, its parameters and every step's plan are valid.",
                "A failed, interrupted or crashed run continues with 'ripcord resume RUN'."})
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Mixin
    RunbookArgs args;

    @Mixin
    JournalOption journalOption;

    @Mixin
    ApprovalOptions approvals = new ApprovalOptions();

    @Option(names = "--no-plan", description = "Do not print the plan before running (it is still computed and checked).")
    boolean noPlan;

    @Option(names = "--plan", paramLabel = "FILE", description = {"Run only if the plan made now is the one in FILE",
            "(written by 'ripcord plan --out FILE'): same file, parameters and observed state; else nothing runs."})
    Path savedPlan;

    @Option(names = {"-q", "--quiet"}, description = {"Print nothing unless something goes wrong: warnings, and a failed run's",
            "error (on stderr). For scheduled runs: cron mails only failures; the journal has every run."})
    boolean quiet;

    @Option(names = "--repl-on-failure", description = {"When a step fails, open the REPL with the run's variables, parameters",
            "and backups in scope: fix, then :retry the step or :continue the run."})
    boolean replOnFailure;

    private static String readPlan(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new RunbookException(Problem.of(ProblemCode.STALE_PLAN, "cannot read the plan " + file + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), null)
                    .withNext("write it with `ripcord plan RUNBOOK --out " + file.getFileName() + "`"));
        }
    }

    @Override
    public Integer call() {
        Cli cli = root.cli;
        // the plan pass checks every verb call's arguments before the first one acts
        RunbookArgs.Planned planned = args.plan(cli, journalOption);
        if (savedPlan != null) {
            Path file = cli.cwd().resolve(savedPlan);
            SavedPlan.read(savedPlan, readPlan(file)).requireSameAs(planned.plan(), cli.redactor()::redactTree);
        }
        if (!noPlan && !quiet) {
            cli.out().println(PlanPrinter.render(planned.plan(), cli.styles().forPlan()));
        }
        // the run evaluates the runbook afresh from the same text: nothing the plan pass set is visible to it
        RunbookDefinition runbook = cli.evaluateAgain(planned.runbook(), planned.params());
        ConsoleRunListener listener = new ConsoleRunListener(cli, approvals, quiet);
        try (Journal journal = journalOption.open(cli);
             InterruptSignal signals = InterruptSignal.stopOnSignals(Thread.currentThread())) {
            RunOutcome outcome = cli.session(journal, listener).start(runbook, planned.params(), planned.given());
            int code = listener.summary(runbook, outcome, signals, journal);
            if (replOnFailure && outcome.state() == RunState.FAILED && listener.runId() != null
                    && outcome.stepsCompleted() < runbook.steps().size()) {
                Thread.interrupted();
                // the run's lock stays taken while the operator works on it: nobody starts the same runbook meanwhile
                try (var held = cli.session(journal, listener).hold(runbook, listener.runId())) {
                    return io.ripcord.cli.repl.Repl.onFailure(cli, journal, System.in, System.console() != null, listener.runId(),
                            runbook, planned.params(), planned.given(), runbook.steps().get(outcome.stepsCompleted()).name(),
                            outcome.exitCode());
                }
            }
            return code;
        } finally {
            Thread.interrupted(); // a Ctrl-C that arrived after the run ended must not leak into what follows
        }
    }
}
