package io.ripcord.stdlib.backup;

import io.ripcord.catalog.CatalogEntry;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.PastCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safety stage's copy of what a restore is about to replace: a backup like any other (marked {@code -safety}),
 * in the restored backup's directory (for a backup fetched from a repository: {@code $RIPCORD_HOME/safety}) and in the catalog, kept by its own rule (the newest {@code keepSafety} per
 * target, real backups not counted). Failing it fails the restore before anything changed.
 */
public final class SafetyCopy {

    static final int KEEP = 3;

    private SafetyCopy() {
    }

    /**
     * Where a restore of {@code restored} keeps its safety copy: beside the backup, as a local restore does; for a
     * backup fetched from a repository, {@code $RIPCORD_HOME/safety} (owner-only), never the fetched directory, a cache
     * whose clearing must not take the only copy of the state before the restore (nor make it look fetched).
     */
    public static Path dirFor(Artifact restored, VerbContext context) {
        if (Offsite.origin(restored.file(), context).isEmpty()) {
            return restored.file().getParent();
        }
        return homeSafetyDir(context);
    }

    private static Path homeSafetyDir(VerbContext context) {
        return context.home().resolve("safety");
    }

    /** A safety copy of {@code current}, keeping the default number of them. */
    public static Artifact take(BackupTarget current, Path dir, Compression compression, VerbContext context) throws VerbFailure {
        return take(current, dir, compression, KEEP, context);
    }

    static Artifact take(BackupTarget current, Path dir, Compression compression, int keep, VerbContext context) throws VerbFailure {
        try {
            if (dir.equals(homeSafetyDir(context))) {
                io.ripcord.files.AtomicFile.createPrivateDirectory(dir); // made here, not when a plan names it
            }
            Artifact copy = BackupWriter.write(current, dir, compression, true, context);
            context.catalog().add(copy.toCatalogEntry(context.run().runId(), context.step()));
            context.output().info("safety copy of the current state: " + copy.file() + " (" + new ByteSize(copy.size()) + ")"
                    + "; put it back with: " + copy.manifest().get("restoreByHand"));
            prune(current, dir, keep, context);
            return copy;
        } catch (SQLException | IOException e) {
            throw new VerbFailure(BackupVerb.codeOf(e, dir), "refusing to restore: the safety backup of " + current + " failed: " + e.getMessage()
                    + "; nothing was changed", BackupVerb.codeOf(e, dir) == io.ripcord.problem.ProblemCode.INTERRUPTED ? "the run was stopped while it copied:"
                    + " restore again, or `ripcord resume RUN`" : "free space in " + dir + " or fix the current state, then retry");
        } catch (VerbFailure e) {
            throw e.reworded("refusing to restore: the safety backup of " + current + " failed: " + e.getMessage()
                    + "; nothing was changed", e.next());
        }
    }

    private static void prune(BackupTarget current, Path dir, int keep, VerbContext context) throws IOException {
        List<Artifact> older = Args.backupsIn(dir, current.id()).stream().filter(Artifact::safetyCopy)
                .sorted(Comparator.comparing(Artifact::created).reversed()).skip(keep).toList();
        for (Artifact old : older) {
            try {
                Retention.delete(old, context);
                context.output().info("safety copies keep " + keep + ": deleted " + old.file().getFileName());
            } catch (IOException e) {
                // the restore does not depend on it: the next safety copy tries again
                context.output().warn("could not delete the old safety copy " + old.file() + ": " + e.getMessage());
            }
        }
    }

    /**
     * A safety copy of this target this run's step took in a call that never completed (the restore being resumed):
     * a resume keeps it (the data from before the restore began), never copying a target the first attempt may
     * already have replaced.
     */
    static String earlier(BackupTarget current, VerbContext context) {
        String runId = context.run().runId();
        if (runId == null) {
            return null;
        }
        Set<Object> named = new HashSet<>();
        for (PastCall past : context.history()) {
            if (past.result() instanceof RestoreVerb.Restored r) {
                named.add(r.safetyCopy());
            } else if (past.result() instanceof Map<?, ?> m && "restore".equals(past.verb())) {
                named.add(m.get("safetyCopy"));
            }
        }
        for (CatalogEntry entry : context.catalog().bySource(current.id())) {
            if (runId.equals(entry.runId()) && context.step().equals(entry.step()) && entry.id().endsWith("-safety")
                    && !named.contains(entry.path()) && Files.isRegularFile(Path.of(entry.path()))) {
                return entry.path();
            }
        }
        return null;
    }
}
