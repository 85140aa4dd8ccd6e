package io.ripcord.verb;

import java.time.Instant;

/**
 * A result that put data back as it was at some moment (a restore's backup time). A rollback's RPO is the time from
 * that moment to the failure: the changes the restore gave up.
 */
public interface RestorePoint {

    /** When the restored data was taken; null when unknown. */
    Instant dataAsOf();
}
