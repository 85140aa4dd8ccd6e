package io.ripcord.exec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one attempt of a run (a start, or one resume), which the {@link Runner} keeps apart from its
 * configuration: the call ordinal, the current step's health gates, whether the rollback is under way and what it has
 * checked and restored, and which call's failure is on its way out of the step. A {@link RollbackRun} works on it.
 */
final class Attempt {

    /** The ordinal of the last call made, replayed or live. */
    private int ordinal;
    /** Health gates called by the current step, whatever their outcome: a rollback repeats them to verify itself. */
    final List<Runner.GateCall> stepGates = new ArrayList<>();
    private boolean inRollback;
    private int rollbackGates;
    private Instant restoredAsOf;
    /** The last failing call and what it threw, so the step's end can tell whether that failure is what stopped it. */
    private Throwable lastFailure;
    private int lastFailureOrdinal;
    private Instant lastFailureDetected;
    private int endingOrdinal;
    private Instant endingDetected;

    /** The ladder level under way, whose name its calls' approvals go by ({@code --approve 'restore db'}); null outside one. */
    private String level;
    /** When each call of this attempt started and finished: live, or as the attempt that made it journaled it. */
    private final java.util.Map<Integer, Instant[]> callTimes = new java.util.HashMap<>();

    int nextOrdinal() {
        return ++ordinal;
    }

    /** The ordinal of the last call made so far. */
    int ordinal() {
        return ordinal;
    }

    void callTimed(int ordinal, Instant started, Instant finished) {
        callTimes.put(ordinal, new Instant[]{started, finished});
    }

    /** When the calls after {@code afterOrdinal} began and ended, as first done: null when none did. */
    Instant[] span(int afterOrdinal) {
        Instant first = null;
        Instant last = null;
        for (int i = afterOrdinal + 1; i <= ordinal; i++) {
            Instant[] t = callTimes.get(i);
            if (t == null || t[0] == null || t[1] == null) {
                continue;
            }
            first = first == null || t[0].isBefore(first) ? t[0] : first;
            last = last == null || t[1].isAfter(last) ? t[1] : last;
        }
        return first == null || last == null ? null : new Instant[]{first, last};
    }

    void enterLevel(String name) {
        this.level = name;
    }

    String level() {
        return level;
    }

    boolean inRollback() {
        return inRollback;
    }

    /** From now on, calls belong to the rollback: count its health gates and the oldest data it restored. */
    void rollbackStarted() {
        inRollback = true;
        rollbackGates = 0;
        restoredAsOf = null;
        // the failure that started the rollback stands on resume; only a call of the rollback can stop it from here
        lastFailure = null;
        endingOrdinal = 0;
    }

    void rollbackGatePassed() {
        rollbackGates++;
    }

    int rollbackGates() {
        return rollbackGates;
    }

    void restored(Instant dataAsOf) {
        if (restoredAsOf == null || dataAsOf.isBefore(restoredAsOf)) {
            restoredAsOf = dataAsOf;
        }
    }

    Instant restoredAsOf() {
        return restoredAsOf;
    }

    /** A call failed (live, or replayed from an earlier attempt, detected then) with {@code thrown}. */
    void callFailed(int ordinal, Throwable thrown, Instant detected) {
        this.lastFailure = thrown;
        this.lastFailureOrdinal = ordinal;
        this.lastFailureDetected = detected;
    }

    /**
     * A step (or a rollback body) ended with {@code ended}: remembers which call's failure that was (0 when the step's
     * own code threw, after catching a failure say) and when it was first detected — in an earlier attempt, if that
     * failure was replayed.
     */
    void bodyEndedBy(Throwable ended) {
        endingOrdinal = 0;
        endingDetected = Instant.now();
        for (Throwable t = ended; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t == lastFailure) {
                endingOrdinal = lastFailureOrdinal;
                endingDetected = lastFailureDetected == null ? endingDetected : lastFailureDetected;
                return;
            }
        }
    }

    /** The call whose failure ended the last body that failed, or 0. */
    int endingOrdinal() {
        return endingOrdinal;
    }

    Instant endingDetected() {
        return endingDetected == null ? Instant.now() : endingDetected;
    }
}
