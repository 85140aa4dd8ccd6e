package io.ripcord.stdlib.backup;

import io.ripcord.verb.VerbFailure;

import java.io.IOException;

/**
 * One matched restore of one kind of target, split at {@link RestoreStage}'s boundaries so {@link RestorePipeline}
 * runs every kind in the same order: files, databases and trees ({@link PathRestore}), PostgreSQL, images. Holds
 * the state of this one restore (what was staged, what the guard set up), never shared between calls.
 */
public interface StagedRestore {

    /** Verifies the backup while unpacking it where the replace will take it from; nothing live is touched. */
    void stage() throws VerbFailure, IOException;

    /** Refuses (or, when told, keeps off) whoever holds the target; what it sets up, {@link #sweep} lifts. */
    void guard() throws VerbFailure, IOException;

    /** A safety copy of what is there now (its path), or null when there is nothing there. */
    String safety() throws VerbFailure, IOException;

    /** Puts the staged content in the target's place; {@code safety} is named in a failure. */
    RestoreVerb.Restored replace(String safety) throws VerbFailure, IOException;

    /** Removes what this restore staged or moved aside and lifts what its guard set up; runs whatever happened. */
    void sweep() throws IOException;
}
