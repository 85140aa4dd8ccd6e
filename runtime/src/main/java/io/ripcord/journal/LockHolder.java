package io.ripcord.journal;

import java.time.Instant;

/**
 * Who holds a lock, for which run of which runbook ({@code name@version}; null when the run is not journaled yet),
 * since when, and until when the lease runs unless renewed. {@code token} is the lease's fencing token.
 */
public record LockHolder(String name, String runId, Operator operator, Instant since, Instant expires, String runbook, String token) {

    /** The holder as messages show it: run, runbook, user, host, pid and since. */
    public String describe() {
        return "run " + runId + (runbook == null ? "" : " (" + runbook + ")") + " of " + operator + " since " + since;
    }
}
