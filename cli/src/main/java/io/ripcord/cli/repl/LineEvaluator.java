package io.ripcord.cli.repl;

import io.ripcord.RipcordVersion;
import io.ripcord.cli.Cli;
import io.ripcord.dsl.LineCompiler;
import io.ripcord.dsl.ScriptLocator;
import io.ripcord.exec.ExecutionContext;
import io.ripcord.exec.RunListener;
import io.ripcord.exec.Runner;
import io.ripcord.journal.JournalCatalog;
import io.ripcord.model.StepDefinition;
import io.ripcord.plan.Deferred;
import io.ripcord.plan.PlanPrinter;
import io.ripcord.plan.PlannedStep;
import io.ripcord.plan.Planner;
import io.ripcord.problem.Problem;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.RunInfo;

import java.util.List;

/**
 * Evaluates a command with the runbook interpreter, in one of two modes: applied (each verb call acts, journaled as
 * a step of the interactive run, Ctrl-C stops it) or planned ({@code :plan on}: each verb only describes what it
 * would do). Returns the problems, none when it succeeded.
 */
final class LineEvaluator {

    /** How a command ended: its problems (empty: it succeeded) and whether Ctrl-C stopped it. */
    record Outcome(List<Problem> problems, boolean interrupted) {
        static final Outcome OK = new Outcome(List.of(), false);

        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Session session;
    private final SessionJournal journal;
    private final Console console;
    private final Cli cli;
    private final LineCompiler compiler;
    private final Runner runner;
    private final Planner planner;
    private final RunListener listener;

    LineEvaluator(Session session, SessionJournal journal, Console console, RunListener listener) {
        this.listener = listener;
        this.session = session;
        this.journal = journal;
        this.console = console;
        this.cli = session.cli;
        this.compiler = new LineCompiler(cli.verbs(), cli.cwd(), cli.env(), cli.redactor());
        ExecutionContext.Setting setting = new ExecutionContext.Setting(cli.cwd(), cli.env(), new JournalCatalog(journal.journal()),
                new RunInfo("interactive", RipcordVersion.get(), journal.runId()));
        this.runner = new Runner(cli.verbs(), setting, listener, journal.checkpoints(), cli.redactor());
        this.planner = new Planner(cli.verbs(), setting);
    }

    /** Command {@code n}: Groovy code with verbs. */
    Outcome evaluate(int n, String code) {
        journal.fullText(n, code);
        LineCompiler.Line line;
        try {
            line = compiler.compile(n, code, session.variables, session.paramNames());
        } catch (RunbookException e) {
            journal.rejected(n, code, e.first());
            return new Outcome(e.problems(), false);
        }
        StepDefinition step = line.step(journal.title(n, code));
        if (session.planning) {
            return plan(n, code, step, line.locator());
        }
        Outcome outcome = act(n, step, line.locator());
        if (outcome.ok()) {
            Object value = line.value();
            if (value != null && !(value instanceof Deferred)) {
                cli.out().println(cli.styles().dim("= ") + ReadableValue.of(value));
            }
            journal.result(n, value);
            session.kept.add(new Session.Kept(n, cli.redactor().redact(code), line.declared(), null));
        }
        return outcome;
    }

    /** Command {@code n}: one step of the loaded runbook, with its parameters, journaled in this session. */
    Outcome runStep(int n, StepDefinition step, ScriptLocator locator, String title) {
        StepDefinition named = new StepDefinition(title, step.body(), step.location(), step.sha256());
        if (session.planning) {
            return plan(n, title, named, locator);
        }
        if (session.loaded.runbook().lock() != null && session.failedRun == null) {
            // a step of a locked runbook runs under its lock, as the runbook's own runs do (a failure REPL already
            // holds it for its run)
            try (var held = cli.session(journal.journal(), listener).hold(session.loaded.runbook(), journal.runId())) {
                return act(n, named, locator);
            }
        }
        return act(n, named, locator);
    }

    private Outcome act(int n, StepDefinition step, ScriptLocator locator) {
        return console.interruptible(() -> {
            Problem failure = runner.runStep(n, step, session.params(), locator);
            // read before the flag is cleared: Ctrl-C during the verb, not a failure of its own
            boolean interrupted = Thread.currentThread().isInterrupted();
            Thread.interrupted();
            return failure == null ? Outcome.OK : new Outcome(List.of(asCommand(failure, step.name(), interrupted)), interrupted);
        });
    }

    /** The runner speaks of steps; at the prompt the step is the command just typed, so it goes unsaid. */
    private static Problem asCommand(Problem problem, String step, boolean interrupted) {
        String message = problem.message();
        for (String prefix : List.of("step '" + step + "' failed: ", "step '" + step + "' ")) {
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
                break;
            }
        }
        return new Problem(problem.code(), message, problem.location(), problem.didYouMean(),
                interrupted ? "stopped by Ctrl-C; the shell goes on (the journal says interrupted)" : problem.next());
    }

    private Outcome plan(int n, String code, StepDefinition step, ScriptLocator locator) {
        PlannedStep planned;
        try {
            planned = planner.planStep(step, session.params(), locator);
        } catch (RunbookException e) {
            journal.rejected(n, code, e.first());
            return new Outcome(e.problems(), false);
        }
        String text = PlanPrinter.actions(planned, cli.styles().forPlan());
        cli.out().print(text);
        cli.out().flush();
        journal.planned(n, code, text);
        return Outcome.OK;
    }
}
