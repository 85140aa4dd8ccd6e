package io.ripcord.stdlib.backup;

import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;

/**
 * Runs one restore stage by stage ({@link RestoreStage}): each stage is journaled on the call as it ends, a failure
 * says which stage refused ({@code guard: refusing to restore …}), and after each completed stage the fault-injection
 * spec may kill the JVM ({@code RIPCORD_CRASH_AT=restore: after <stage>}). The sweep runs whatever happened.
 */
final class RestorePipeline {

    /** A stage's work. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws VerbFailure, IOException;
    }

    /** A stage's work that returns nothing. */
    @FunctionalInterface
    interface Action {
        void run() throws VerbFailure, IOException;
    }

    static final String DONE = "done";
    static final String FAILED = "failed";

    private final VerbContext context;

    RestorePipeline(VerbContext context) {
        this.context = context;
    }

    /** The stages after match, in order; the sweep also after a failure (which it never hides). */
    RestoreVerb.Restored through(StagedRestore restore) throws VerbFailure, IOException {
        RestoreVerb.Restored restored;
        try {
            run(RestoreStage.STAGE, restore::stage);
            run(RestoreStage.GUARD, restore::guard);
            String safety = run(RestoreStage.SAFETY, restore::safety);
            restored = run(RestoreStage.REPLACE, () -> restore.replace(safety));
        } catch (VerbFailure | IOException | RuntimeException e) {
            try {
                run(RestoreStage.SWEEP, restore::sweep);
            } catch (VerbFailure | IOException | RuntimeException sweep) {
                e.addSuppressed(sweep); // the failure that stopped the restore is the one to report; the next run sweeps
            }
            throw e;
        }
        run(RestoreStage.SWEEP, restore::sweep);
        return restored;
    }

    void run(RestoreStage stage, Action action) throws VerbFailure, IOException {
        run(stage, () -> {
            action.run();
            return null;
        });
    }

    <T> T run(RestoreStage stage, Work<T> work) throws VerbFailure, IOException {
        long start = System.nanoTime();
        boolean done = false;
        try {
            T result = work.run();
            done = true;
            return result;
        } catch (VerbFailure e) {
            throw e.reworded(stage.label() + ": " + e.getMessage(), e.next());
        } finally {
            context.stages().ended(stage.label(), done ? DONE : FAILED, (System.nanoTime() - start) / 1_000_000);
            if (done) {
                CrashPoint.reach("restore: after " + stage.label(), context);
            }
        }
    }
}
