package io.ripcord.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rollback did: each part of it (an undo block, the rollback body, the health verification) with its outcome,
 * and the recovery numbers — RTO from the failure to the verified rollback, RPO from the restored data to the failure.
 * A ladder's rollback also has its {@code levels}, each tried level in order (empty for any other rollback).
 */
public record RollbackSummary(String failedStep, int conditionLine, Instant failureDetected, Instant finished,
                              List<Part> parts, boolean succeeded, boolean verified, Duration rto, Duration rpo,
                              List<Level> levels) {

    public RollbackSummary {
        parts = List.copyOf(parts);
        levels = List.copyOf(levels);
    }

    public RollbackSummary(String failedStep, int conditionLine, Instant failureDetected, Instant finished,
                           List<Part> parts, boolean succeeded, boolean verified, Duration rto, Duration rpo) {
        this(failedStep, conditionLine, failureDetected, finished, parts, succeeded, verified, rto, rpo, List.of());
    }

    /**
     * One level of a ladder as it was tried: its number (1-based) and name, how it ended, what it did call by call,
     * its gate's last answer, when it began and how long it took (null when none of its calls ran), and the ordinal of
     * its first call ({@code firstCall}, so a report can head the level's calls; with nothing called, the next one's).
     */
    public record Level(int number, String name, LevelOutcome outcome, List<Part> did, String gate, Instant started,
                        Duration took, int firstCall) {
        public Level {
            did = List.copyOf(did);
        }
    }

    /** How a ladder's level ended; only {@link #STILL_RED} and {@link #FAILED} climb to the next level. */
    public enum LevelOutcome {
        /** Its gate passed: this level brought the service back, and the ladder stops here. */
        FIXED("brought the service back"),
        /** Its actions ran, and its gate stayed red. */
        STILL_RED("ran; its gate stayed red"),
        /** One of its actions failed; its gate was not asked. */
        FAILED("failed part-way"),
        /** Its approval was refused: nothing of it was done, and the ladder stops (MANUAL INTERVENTION REQUIRED). */
        NOT_APPROVED("not approved; nothing of it was done"),
        /** Its actions ran but nothing could tell whether they worked (no gate, no health check in the failed step). */
        UNVERIFIED("ran; nothing verified it");

        /** How reports say it, after the level's name. */
        public final String said;

        LevelOutcome(String said) {
            this.said = said;
        }
    }

    /** The level whose gate passed, or null. */
    public Level fixedBy() {
        return levels.stream().filter(l -> l.outcome() == LevelOutcome.FIXED).findFirst().orElse(null);
    }

    /** One part of the rollback and how it went. */
    public record Part(String what, Status status, String detail) {
    }

    public enum Status {
        /** Ran and succeeded. */
        DONE,
        /** Ran and failed; {@code detail} says why. */
        FAILED,
        /** Never ran, because an earlier part failed: still to be done by hand. */
        NOT_ATTEMPTED
    }

    public List<Part> withStatus(Status status) {
        return parts.stream().filter(p -> p.status() == status).toList();
    }
}
