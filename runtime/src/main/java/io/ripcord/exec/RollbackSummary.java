package io.ripcord.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rollback did: each part of it (an undo block, the rollback body, the health verification) with its outcome,
 * and the recovery numbers — RTO from the failure to the verified rollback, RPO from the restored data to the failure.
 */
public record RollbackSummary(String failedStep, int conditionLine, Instant failureDetected, Instant finished,
                              List<Part> parts, boolean succeeded, boolean verified, Duration rto, Duration rpo) {

    public RollbackSummary {
        parts = List.copyOf(parts);
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
