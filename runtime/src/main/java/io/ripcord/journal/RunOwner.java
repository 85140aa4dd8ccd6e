package io.ripcord.journal;


import io.ripcord.process.ProcessIdentity;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the process that owns a RUNNING run still runs. On its host the kernel answers: the pid must still be
 * the process that started (same start time, same boot), since a dead owner's pid is soon someone else's. Where the
 * kernel cannot answer ({@code /proc} hides other users' processes), the heartbeat does: an owner silent for longer
 * than {@link #SILENT_AFTER} is gone. On another host nothing here can tell, so the run is never taken as dead.
 */
final class RunOwner {

    /** Three missed heartbeats (one every {@link RunRecord#HEARTBEAT_EVERY}). */
    static final Duration SILENT_AFTER = RunRecord.HEARTBEAT_EVERY.multipliedBy(3);

    private RunOwner() {
    }

    static boolean gone(RunRecord run, Instant now) {
        Operator owner = run.operator();
        if (!owner.host().equals(Operator.current().host())) {
            return false;
        }
        ProcessIdentity process = run.ownerProcess();
        if (process == null) {
            return owner.isDeadOnThisHost(); // journaled before start times were: the pid alone
        }
        if (process.alive()) {
            return false;
        }
        if (ProcessIdentity.visible(owner.user())) {
            return true;
        }
        Instant last = run.heartbeatAt() != null ? run.heartbeatAt() : run.updatedAt();
        return last == null || last.plus(SILENT_AFTER).isBefore(now);
    }
}
