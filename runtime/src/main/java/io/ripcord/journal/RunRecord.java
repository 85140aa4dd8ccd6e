package io.ripcord.journal;


import io.ripcord.exec.RunState;
import io.ripcord.process.ProcessIdentity;

import java.time.Instant;
import java.util.Map;

/**
 * A run as the journal holds it. {@code params} never hold secret values, only references; {@code errorCode} is the
 * ProblemCode that ended it (null when none did, or in a run finished before the journal kept codes).
 * {@code ownerProcess} is the owner's pid + start time (null for runs journaled before it was recorded);
 * {@code heartbeatAt} is when the owner last said it was alive; {@code leaseExpiresAt} when its lease runs out unless
 * renewed (null for runs journaled before leases, and for REPL sessions), {@code leaseExpired} whether it has by the
 * database's clock.
 */
public record RunRecord(String id, String kind, String runbook, String version, String file, String sha256,
                        Map<String, String> stepHashes, Map<String, Object> params, Operator operator, RunState state,
                        Instant startedAt, Instant updatedAt, Instant finishedAt, String error, String errorCode,
                        ProcessIdentity ownerProcess, Instant heartbeatAt, Instant leaseExpiresAt, boolean leaseExpired) {

    /** The kind of run a REPL session journals (a runbook's run is "run"). */
    public static final String INTERACTIVE = "interactive";

    /** How often a run under way says its owner is alive (see {@link RunOwner}). */
    public static final java.time.Duration HEARTBEAT_EVERY = java.time.Duration.ofSeconds(10);


    public String runbookId() {
        return runbook + "@" + version;
    }

    /**
     * RUNNING, but its owner is gone: its lease expired (on any host), or its process on this host crashed or was
     * killed (see {@link RunOwner}). Resumable, from any machine.
     */
    public boolean ownerGone() {
        return state == RunState.RUNNING && (leaseExpired || ownerProcessGone());
    }

    /** RUNNING, and its owner's process on this host is gone: not merely late (an expired lease may be a paused owner). */
    public boolean ownerProcessGone() {
        return state == RunState.RUNNING && RunOwner.gone(this, java.time.Instant.now());
    }

    /**
     * The state as listings show it: {@code RUNNING (owner gone; resumable)} for a run nobody runs any more (a REPL
     * session has no runbook to resume: {@code RUNNING (owner gone)}).
     */
    public String stateLabel() {
        if (!ownerGone()) {
            return state.name();
        }
        return INTERACTIVE.equals(kind) ? "RUNNING (owner gone)" : "RUNNING (owner gone; resumable)";
    }
}
