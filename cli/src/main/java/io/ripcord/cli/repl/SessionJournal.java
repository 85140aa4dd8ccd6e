package io.ripcord.cli.repl;

import io.ripcord.RipcordVersion;
import io.ripcord.exec.RunState;
import io.ripcord.journal.Journal;
import io.ripcord.session.JournaledCheckpoints;
import io.ripcord.journal.Operator;
import io.ripcord.journal.RunIds;
import io.ripcord.session.RunSession;
import io.ripcord.model.RunbookSource;
import io.ripcord.problem.Problem;
import io.ripcord.secret.Redactor;
import io.ripcord.units.Values;

import java.util.Map;

/**
 * A REPL session as an interactive run in the journal: every command is a step (numbered as typed, named by its
 * text), its verb calls journaled like a runbook's, its value or error recorded; {@code :commands} are events.
 * {@code ripcord runs} and {@code ripcord show} display it like any run.
 */
final class SessionJournal {

    private static final int TITLE_LENGTH = 72;

    private final Journal journal;
    private final Redactor redactor;
    private final Operator operator;
    private final String runId;
    private final JournaledCheckpoints checkpoints;

    private SessionJournal(Journal journal, Redactor redactor, Operator operator, String runId) {
        this.journal = journal;
        this.redactor = redactor;
        this.operator = operator;
        this.runId = runId;
        this.checkpoints = new JournaledCheckpoints(journal, runId, operator);
    }

    static SessionJournal start(Journal journal, Redactor redactor, Operator operator) {
        String id = RunIds.next();
        journal.createRun(new Journal.NewRun(id, RunSession.INTERACTIVE, "interactive", RipcordVersion.get(), null,
                RunbookSource.sha256(""), Map.of(), Map.of(), operator));
        return new SessionJournal(journal, redactor, operator, id);
    }

    String runId() {
        return runId;
    }

    Journal journal() {
        return journal;
    }

    JournaledCheckpoints checkpoints() {
        return checkpoints;
    }

    /** The step name of command {@code n}: its first line, redacted and shortened; unique by its number. */
    String title(int n, String code) {
        String first = redactor.redact(code.strip().lines().findFirst().orElse(""));
        boolean more = code.strip().lines().count() > 1;
        if (first.length() > TITLE_LENGTH) {
            first = first.substring(0, TITLE_LENGTH) + "…";
        } else if (more) {
            first = first + " …";
        }
        return "#" + n + " " + first;
    }

    /**
     * The whole text of command {@code n}, redacted, when its step name shortens it (several lines, or a long one): the
     * journal of an incident keeps what was typed, not its first 72 characters.
     */
    void fullText(int n, String code) {
        String whole = redactor.redact(code.strip());
        if (!title(n, code).equals("#" + n + " " + whole)) {
            event("code", "#" + n + "\n" + whole);
        }
    }

    /** A command refused before it ran (a syntax error, an unknown verb): a failed step with no calls. */
    void rejected(int n, String code, Problem problem) {
        String title = title(n, code);
        checkpoints.stepStarted(n, title);
        checkpoints.stepFinished(n, title, RunState.FAILED, redactor.redact(problem.headline()));
    }

    /** A command evaluated in plan mode: a step with no calls, and what it would do. */
    void planned(int n, String code, String description) {
        String title = title(n, code);
        checkpoints.stepStarted(n, title);
        checkpoints.stepFinished(n, title, RunState.SUCCEEDED, null);
        event("plan", "#" + n + " (plan mode) " + description.strip());
    }

    void result(int n, Object value) {
        if (value != null) {
            event("result", "#" + n + " = " + Values.format(value));
        }
    }

    /** A REPL command ({@code :load}, {@code :plan on}, ...) or a note on the session. */
    void event(String kind, String detail) {
        journal.event(runId, kind, redactor.redact(detail), operator);
    }

    void finish(int commands, int failures) {
        journal.finishRun(runId, failures == 0 ? RunState.SUCCEEDED : RunState.FAILED,
                failures == 0 ? null : failures + " of " + commands + " commands failed");
    }
}
