package io.ripcord.journal;

import java.time.Instant;

/** Who holds a lock, since when, and until when the lease runs unless renewed. */
public record LockHolder(String name, String runId, Operator operator, Instant since, Instant expires) {
}
