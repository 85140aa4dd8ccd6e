package io.ripcord.cli;

import io.ripcord.units.Counted;
import io.ripcord.exec.RunListener;
import io.ripcord.exec.RollbackSummary;
import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.journal.Journal;
import io.ripcord.journal.Operator;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.ExitCode;
import io.ripcord.secret.Redactor;
import io.ripcord.units.Durations;
import io.ripcord.verb.ProgressReport;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbOutput;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Prints a run's progress: its id, each step, each verb with what it does, its output indented, timings, and the
 * closing summary. It prints to the CLI's writers, which mask secrets (the console's redaction boundary).
 */
public final class ConsoleRunListener implements RunListener {

    private final Cli cli;
    private final PrintWriter out;
    private final Styles s;
    private String runId;
    private boolean barShown;

    /** Back to the start of the line, and clear it. */
    private static final String CLEAR_LINE = "\r\u001b[K";

    private final ApprovalOptions approvals;
    /** run --quiet (a scheduled run): progress and success say nothing; warnings and failures go to stderr. */
    private final boolean quiet;

    public ConsoleRunListener(Cli cli) {
        this(cli, new ApprovalOptions(), false);
    }

    ConsoleRunListener(Cli cli, ApprovalOptions approvals, boolean quiet) {
        this.approvals = approvals;
        this.quiet = quiet;
        this.cli = cli;
        this.out = cli.out();
        this.s = cli.styles();
    }

    /** The run's id once it is journaled; null before. */
    public String runId() {
        return runId;
    }

    @Override
    public void journaled(String id, boolean resumed) {
        this.runId = id;
        line(s.bold((resumed ? "Resuming run " : "Run ") + id) + s.dim("  (if it stops: ripcord resume " + id + ")"));
    }

    @Override
    public void stepStarted(String step, int index, int count) {
        line(s.bold("[" + index + "/" + count + "] " + step));
    }

    @Override
    public void verbStarted(VerbCall call, PlannedAction action) {
        if (action.kind() == ActionKind.NOTE) {
            return; // a note prints its own message; announcing it too would say it twice
        }
        line("  " + s.cyan(action.kind().symbol) + " " + call.verb() + ": " + action.summary());
    }

    @Override
    public void verbReplayed(VerbCall call, PlannedAction action) {
        line("  " + s.dim("= " + call.verb() + ": " + action.summary() + " (done before, not repeated)"));
    }

    @Override
    public void verbFailureReplayed(VerbCall call, PlannedAction action, String failure) {
        line("  " + s.dim("= " + call.verb() + ": " + action.summary() + " (failed before, the same failure again, not retried)"));
    }

    @Override
    public VerbOutput verbOutput(VerbCall call) {
        return new VerbOutput() {
            @Override
            public void info(String message) {
                line("    " + message);
            }

            @Override
            public void warn(String message) {
                warningLine("    " + s.yellow("warning: ") + message);
            }

            @Override
            public void output(String text) {
                line("    " + s.dim("| ") + text);
            }

            @Override
            public void progress(ProgressReport report) {
                if (cli.terminal()) {
                    bar("    " + ProgressBar.of(report));
                } else if (report.milestone()) {
                    line("    " + report.line());
                }
            }

            @Override
            public Approval approve(String step, String question) {
                return approvals.approve(step, question, cli);
            }
        };
    }

    @Override
    public void stepFinished(String step, Duration elapsed) {
        line("  " + s.green("done") + s.dim(" in " + Durations.format(elapsed)));
    }

    @Override
    public void rollbackStarted(String failedStep, int conditionLine) {
        line(s.bold(s.yellow("Rolling back")) + ": step '" + failedStep + "' failed and the rollbackIf at line " + conditionLine + " holds");
    }

    @Override
    public void ladderLevelStarted(int number, int count, String name) {
        line(s.bold("  Level " + number + "/" + count + ": " + name));
    }

    @Override
    public void ladderLevelFinished(RollbackSummary.Level level) {
        String mark = level.outcome() == RollbackSummary.LevelOutcome.FIXED ? s.green("✓") : s.red("✗");
        line("  " + mark + " level " + level.number() + " '" + level.name() + "': " + level.gate()
                + (level.took() == null ? "" : s.dim(" (" + Durations.format(level.took()) + ")")));
    }

    @Override
    public void rollbackFinished(RollbackSummary summary) {
        if (!summary.levels().isEmpty()) {
            return; // a ladder told each level as it ended
        }
        for (RollbackSummary.Part part : summary.parts()) {
            String mark = switch (part.status()) {
                case DONE -> s.green("✓");
                case FAILED -> s.red("✗");
                case NOT_ATTEMPTED -> s.dim("·");
            };
            line("  " + mark + " " + part.what() + (part.detail() == null ? "" : ": " + part.detail()));
        }
    }

    @Override
    public void onFailureStarted(RunState after, int line) {
        line(s.bold("onFailure") + ": the run " + switch (after) {
            case ROLLED_BACK -> "rolled back";
            case ROLLBACK_FAILED -> "failed and so did its rollback";
            default -> "failed";
        } + "; running the block at line " + line);
    }

    @Override
    public void warning(String message) {
        warningLine(s.yellow("warning: ") + message);
    }

    /** The last lines of a run: success, or the problem and how to go on. Returns the exit code. */
    public int summary(RunbookDefinition runbook, RunOutcome outcome) {
        return summary(runbook, outcome, outcome.exitCode(), null);
    }

    /** The same for a run a signal may have stopped: it exits as that signal says, and the journal says which it was. */
    int summary(RunbookDefinition runbook, RunOutcome outcome, InterruptSignal signals, Journal journal) {
        String signal = outcome.state() == RunState.INTERRUPTED ? signals.received().orElse(null) : null;
        if (signal != null && runId != null) {
            journal.event(runId, "signal", signal + " stopped the run", Operator.current());
        }
        return summary(runbook, outcome, signals.exitCode(outcome), signal);
    }

    private int summary(RunbookDefinition runbook, RunOutcome outcome, ExitCode exit, String signal) {
        String id = runId == null ? "" : " (run " + runId + ")";
        if (outcome.state() == RunState.SUCCEEDED) {
            line(s.green("Run succeeded: ") + runbook.id() + ", " + Counted.of(outcome.stepsCompleted(), "step") + " in "
                    + Durations.format(outcome.elapsed()) + id);
        } else if (outcome.rollback() != null) {
            rolledBack(runbook, outcome, id);
        } else {
            out.flush();
            cli.printProblem(namingThisRun(outcome.problem()));
            cli.err().println(s.red("Run " + outcome.state().name().toLowerCase() + (signal == null ? "" : " by " + signal) + ": ")
                    + runbook.id() + " after " + outcome.stepsCompleted() + " of " + Counted.of(runbook.steps().size(), "step") + " (exit "
                    + exit.code + ")" + id);
            if (runId != null) {
                cli.err().println("  " + s.dim("next: ") + "fix the cause, then `ripcord resume " + runId
                        + "` continues without repeating completed calls");
            }
            cli.err().flush();
        }
        return exit.code;
    }

    /** A problem's `ripcord resume RUN` (written where the run id is not at hand) names this run. */
    private io.ripcord.problem.Problem namingThisRun(io.ripcord.problem.Problem problem) {
        return runId == null || problem == null || problem.next() == null || !problem.next().contains("ripcord resume RUN") ? problem
                : problem.withNext(problem.next().replace("ripcord resume RUN", "ripcord resume " + runId));
    }

    /** The end of a run that rolled back: what failed, then the rollback verified with RTO/RPO, or what is left to do by hand. */
    private void rolledBack(RunbookDefinition runbook, RunOutcome outcome, String id) {
        RollbackSummary r = outcome.rollback();
        out.flush();
        cli.printProblem(namingThisRun(outcome.problem()));
        PrintWriter err = cli.err();
        String numbers = (r.rto() == null ? "" : "RTO " + Durations.format(r.rto()))
                + (r.rpo() == null ? "" : (r.rto() == null ? "" : ", ") + "RPO " + Durations.format(r.rpo()));
        if (r.succeeded() && r.fixedBy() != null) {
            err.println(s.yellow("Run rolled back: ") + runbook.id() + ", step '" + r.failedStep() + "' failed; level "
                    + r.fixedBy().number() + " '" + r.fixedBy().name() + "' of the ladder brought it back, its gate verified it"
                    + (numbers.isEmpty() ? "" : " (" + numbers + ")") + " (exit " + outcome.exitCode().code + ")" + id);
            err.println("  " + s.dim("next: ") + "fix the cause, then start a new run"
                    + (runId == null ? "" : "; `ripcord show " + runId + "` has each level's time"));
        } else if (r.succeeded()) {
            err.println(s.yellow("Run rolled back: ") + runbook.id() + ", step '" + r.failedStep() + "' failed; the rollback "
                    + (r.verified() ? "ran and was verified" : "ran, but no health check verified it")
                    + (numbers.isEmpty() ? "" : " (" + numbers + ")") + " (exit " + outcome.exitCode().code + ")" + id);
            err.println("  " + s.dim("next: ") + "fix the cause, then start a new run"
                    + (runId == null ? "" : "; `ripcord show " + runId + "` has the timeline"));
        } else {
            err.println(s.red(s.bold("MANUAL INTERVENTION REQUIRED")) + ": the rollback of " + runbook.id() + " failed after step '"
                    + r.failedStep() + "' failed (exit " + outcome.exitCode().code + ")" + id);
            for (RollbackSummary.Level level : r.levels()) {
                err.println("  level " + level.number() + " '" + level.name() + "' " + level.outcome().said
                        + (level.took() == null ? "" : " (" + Durations.format(level.took()) + ")"));
                for (RollbackSummary.Part part : level.did()) {
                    err.println("      " + (part.status() == RollbackSummary.Status.DONE ? "did:     " : "FAILED:  ") + part.what()
                            + (part.detail() == null ? "" : ": " + part.detail()));
                }
                err.println("      gate:    " + level.gate());
            }
            for (RollbackSummary.Part part : r.levels().isEmpty() ? r.parts() : List.<RollbackSummary.Part>of()) {
                String label = switch (part.status()) {
                    case DONE -> "  restored:      ";
                    case FAILED -> "  NOT restored:  ";
                    case NOT_ATTEMPTED -> "  not attempted: ";
                };
                err.println(label + part.what() + (part.detail() == null ? "" : ": " + part.detail()));
            }
            RollbackSummary.Level last = r.levels().isEmpty() ? null : r.levels().get(r.levels().size() - 1);
            String refused = last != null && last.outcome() == RollbackSummary.LevelOutcome.NOT_APPROVED
                    ? "level " + last.number() + " '" + last.name() + "' was not approved: do it by hand, or start a new run that"
                    + " begins at it, approved with --approve '" + last.name() + "'" : "finish what is not restored by hand";
            err.println("  " + s.dim("next: ") + refused
                    + (runId == null ? "" : "; `ripcord show " + runId + "` has the full record"));
        }
        err.flush();
    }

    /** A warning: printed even when quiet, then on stderr (cron mails it, the journal of a systemd unit keeps it). */
    private synchronized void warningLine(String text) {
        if (quiet) {
            cli.err().println(text.strip());
            cli.err().flush();
        } else {
            line(text);
        }
    }

    private synchronized void line(String text) {
        if (quiet) {
            return;
        }
        if (barShown) {
            out.print(CLEAR_LINE); // the live bar gives way: it is redrawn below with its next report
            barShown = false;
        }
        out.println(text);
        out.flush();
    }

    /** Draws the live progress bar over itself on the last line of the terminal. */
    private synchronized void bar(String text) {
        if (quiet) {
            return;
        }
        out.print(CLEAR_LINE + text);
        out.flush();
        barShown = true;
    }
}
