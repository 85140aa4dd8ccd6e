package io.ripcord.stdlib.backup;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The stages of every restore, in the order they run: the same names in the code ({@link RestorePipeline}), the plan
 * (its {@code stages:} line), the journal ({@code stage} events on the call, listed by {@code ripcord show}), an
 * error ({@code restore: guard: …}) and the kill points of the fault-injection spec ({@code restore: after guard}).
 */
public enum RestoreStage {
    /** The artifact is the one the catalog recorded at backup time, unchanged, not failed by a verify. */
    MATCH("match"),
    /** Verified while unpacked beside the target (or into scratch space); nothing live touched. */
    STAGE("stage"),
    /** Nobody holds the target: processes, containers, database sessions (blocked and ended for a server). */
    GUARD("guard"),
    /** A copy of what is there now, in the catalog as a safety copy, before anything moves. */
    SAFETY("safety"),
    /** The staged content takes the target's place: a rename, in place for a mounted tree, pg_restore, docker load. */
    REPLACE("replace"),
    /** What the restore staged, moved aside or blocked is removed or lifted, whatever happened before. */
    SWEEP("sweep");

    private final String label;

    RestoreStage(String label) {
        this.label = label;
    }

    /** The stage's name wherever it is shown. */
    public String label() {
        return label;
    }

    /** The plan's {@code stages:} line: every stage, in order. */
    public static String line() {
        return Arrays.stream(values()).map(RestoreStage::label).collect(Collectors.joining(" → "));
    }
}
