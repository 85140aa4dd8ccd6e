package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.files.AtomicFile;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code restore lastBackup(db)}: only a backup that passes verification; a safety backup of what is there now
 * first (itself in the catalog); then an atomic replace. A SQLite database's stale -wal/-shm files are moved aside
 * before the new file takes its place, so the old log can never be replayed into the restored database.
 */
public final class RestoreVerb implements Verb {

    private static final String OLD_MARK = ".ripcord-old-";

    private static final VerbSpec SPEC = VerbSpec.named("restore")
            .summary("Restore a verified backup over its source (or to:), after a safety backup of the current state.")
            .positional("backup")
            .required("backup", ArgType.ANY, "the backup: what backup or lastBackup(target) returns")
            .optional("to", ArgType.ANY, "the backup's source", "restore somewhere else instead: a path, or for postgres a database name or postgres(...)")
            .returns("what was restored where, and the safety copy taken first")
            .example("restore lastBackup(sqlite('/app/data/db.sqlite'))")
            .build();

    /** What a restore did; {@code sessions}: the database sessions it terminated (database servers only). */
    /** What a restore did; {@code backupCreated} (when the backup was taken) is the rollback's RPO anchor. */
    public record Restored(String backup, String target, String safetyCopy, List<String> sessions, java.time.Instant backupCreated)
            implements io.ripcord.verb.RestorePoint {
        public Restored(String backup, String target, String safetyCopy) {
            this(backup, target, safetyCopy, List.of(), null);
        }

        public Restored(String backup, String target, String safetyCopy, List<String> sessions) {
            this(backup, target, safetyCopy, sessions, null);
        }

        public Restored taken(java.time.Instant created) {
            return new Restored(backup, target, safetyCopy, sessions, created);
        }

        @Override
        public java.time.Instant dataAsOf() {
            return backupCreated;
        }
    }

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        Object value = call.value("backup");
        if (value instanceof Artifact a && a.source() instanceof ServerTarget server) {
            return server.planRestore(a, call.value("to"), context);
        }
        String what = value instanceof Artifact a ? a.toString() : String.valueOf(value);
        Path target = value instanceof Artifact a ? destination(call, context, a) : null;
        PlannedAction action = PlannedAction.of(ActionKind.CHANGE, "restore " + what + (target == null ? "" : " over " + target))
                .detail("first", "full verification; refused if it fails");
        if (target != null) {
            action = action.detail("safety copy", Files.exists(target) ? "the current " + target.getFileName() + " is backed up first"
                    : "none (" + target + " does not exist)");
        }
        return action;
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure, IOException {
        Artifact artifact = Args.artifact(call, "backup");
        if (artifact.source() instanceof ServerTarget server) {
            return server.restore(artifact, call.value("to"), context);
        }
        Path target = destination(call, context, artifact);
        BackupTarget.PathTarget current = BackupTarget.of(artifact.kind(), target);
        Artifact base = artifact.incremental() ? baseOf(artifact) : null;
        createParent(target);
        // verified and unpacked in one pass beside the target; the target is untouched until the swap
        Path staged = AtomicFile.tempFor(target);
        try {
            stage(artifact, base, current, staged);
            context.output().info("verified " + artifact.id() + (base == null ? "" : " and the full backup it builds on, " + base.id()));
            String safety = safetyCopy(artifact, current, context);
            ownership(artifact, current.path(), staged);
            try {
                if (current instanceof BackupTarget.Dir) {
                    swapTree(staged, target);
                } else {
                    swapFile(staged, target, current instanceof BackupTarget.Sqlite);
                }
            } catch (IOException e) {
                throw new VerbFailure("restoring " + artifact.id() + " over " + target + " failed: " + BackupVerb.describe(e)
                        + "; " + target + " was left as it was" + (safety == null ? "" : " (safety copy: " + safety + ")"),
                        "fix the cause and run again");
            }
            context.output().info("restored " + artifact.id() + " to " + target);
            return new Restored(artifact.id(), target.toString(), safety).taken(artifact.created());
        } finally {
            AtomicFile.deleteTree(staged);
        }
    }

    /** Verifies the backup (and the full one an incremental builds on) while unpacking it into {@code staged}. */
    private static void stage(Artifact artifact, Artifact base, BackupTarget.PathTarget current, Path staged) throws VerbFailure, IOException {
        try {
            if (current instanceof BackupTarget.Dir) {
                Files.createDirectories(staged);
                if (base != null) {
                    Verifier.verify(base, Verifier.Options.FULL, staged);
                }
                Verifier.verify(artifact, Verifier.Options.FULL, staged);
                if (base != null) {
                    applyDeletions(artifact.file().resolveSibling(artifact.id() + Artifact.DELETED_SUFFIX), staged);
                }
            } else {
                Verifier.verify(artifact, Verifier.Options.FULL, staged);
            }
        } catch (VerbFailure e) {
            throw new VerbFailure("refusing to restore: " + e.getMessage(), e.next());
        } catch (TreeArchive.UnsafeEntry e) {
            throw new VerbFailure("refusing to restore " + artifact.id() + ": " + e.getMessage() + "; " + current.path() + " was left as it was",
                    "this backup is not safe to restore; restore an older one");
        }
    }

    /**
     * What is restored gets the mode and owner of what it replaces, or, when nothing is there, those the source had
     * when it was backed up: a 0600 env file stays 0600, and a database restored by root still belongs to the app.
     */
    @SuppressWarnings("unchecked")
    private static void ownership(Artifact artifact, Path target, Path staged) throws IOException {
        if (Files.exists(target)) {
            AtomicFile.copyOwnership(target, staged);
        } else if (artifact.manifest().get("source") instanceof Map<?, ?> source && source.get("mode") instanceof Number mode) {
            AtomicFile.copyOwnership(mode.intValue(), source.get("uid") instanceof Number u ? u.intValue() : null,
                    source.get("gid") instanceof Number g ? g.intValue() : null, staged);
        }
    }

    /** A backup of what is there now, before anything is replaced; null when there is nothing there. */
    private static String safetyCopy(Artifact artifact, BackupTarget.PathTarget current, VerbContext context) throws VerbFailure {
        if (!Files.exists(current.path())) {
            return null;
        }
        return safetyCopy(current, artifact.file().getParent(), artifact.compression(), context).file().toString();
    }

    /**
     * The safety copy every restore takes of what it is about to replace: a backup like any other (marked
     * {@code -safety}), in the restored backup's directory and in the catalog. Fails the restore before anything changed.
     */
    public static Artifact safetyCopy(BackupTarget current, Path dir, io.ripcord.stdlib.storage.Compression compression,
                                      VerbContext context) throws VerbFailure {
        try {
            Artifact copy = BackupWriter.write(current, dir, compression, true, context);
            context.catalog().add(copy.toCatalogEntry(context.run().runId(), context.step()));
            context.output().info("safety copy of the current state: " + copy.file() + " (" + new ByteSize(copy.size()) + ")");
            return copy;
        } catch (SQLException | IOException e) {
            throw new VerbFailure("refusing to restore: the safety backup of " + current + " failed: " + e.getMessage()
                    + "; nothing was changed", "free space in " + dir + " or fix the current state, then retry");
        } catch (VerbFailure e) {
            throw new VerbFailure("refusing to restore: the safety backup of " + current + " failed: " + e.getMessage()
                    + "; nothing was changed", e.next());
        }
    }

    private static Path destination(VerbCall call, VerbContext context, Artifact artifact) {
        if (call.has("to") && !(call.value("to") instanceof CharSequence)) {
            throw Args.invalid(call, "restore to: for " + artifact.source() + " is a path, got " + call.value("to"));
        }
        return call.has("to") ? Args.path(context, call.string("to", ".")) : ((BackupTarget.PathTarget) artifact.source()).path();
    }

    /** Moves a verified file over the target; a database's stale -wal/-shm are moved aside first, never replayed. */
    private static void swapFile(Path staged, Path target, boolean sqlite) throws IOException {
        AtomicFile.fsync(staged);
        Map<Path, Path> asides = new LinkedHashMap<>(); // aside -> where it was
        if (sqlite) {
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                Path stale = Path.of(target + suffix);
                if (Files.exists(stale)) {
                    Path aside = AtomicFile.tempFor(stale);
                    Files.move(stale, aside);
                    asides.put(aside, stale);
                }
            }
        }
        try {
            AtomicFile.moveIntoPlace(staged, target);
        } catch (IOException e) {
            for (Map.Entry<Path, Path> aside : asides.entrySet()) {
                Files.move(aside.getKey(), aside.getValue()); // the live database keeps its log
            }
            throw e;
        }
        for (Path aside : asides.keySet()) {
            Files.deleteIfExists(aside);
        }
    }

    /** Swaps a verified tree in: the old tree is only deleted once the new one is in place. */
    private static void swapTree(Path staged, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path old = target.resolveSibling("." + target.getFileName() + OLD_MARK + Long.toHexString(System.nanoTime()));
        boolean hadOld = Files.exists(target);
        if (hadOld) {
            Files.move(target, old);
        }
        try {
            Files.move(staged, target);
        } catch (IOException e) {
            if (hadOld) {
                Files.move(old, target); // the original goes back where it was
            }
            throw e;
        }
        AtomicFile.fsyncDirectory(parent);
        if (hadOld) {
            AtomicFile.deleteTree(old);
        }
        // a restore killed between its two renames left the old tree aside; the new one is in place now
        String prefix = "." + target.getFileName() + OLD_MARK;
        try (var siblings = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path leftover : siblings) {
                AtomicFile.deleteTree(leftover);
            }
        }
    }

    private static Artifact baseOf(Artifact incremental) throws VerbFailure {
        Path baseFile = incremental.file().resolveSibling(incremental.baseFile());
        try {
            return Artifact.read(Artifact.manifestFileOf(baseFile));
        } catch (IOException | RuntimeException e) {
            throw new VerbFailure("refusing to restore " + incremental.id() + ": the full backup it builds on (" + baseFile
                    + ") is missing or has no manifest", "restore a full backup instead (`ripcord backups` lists them)");
        }
    }

    /** Removes what was deleted between the full backup and the incremental one; every path stays inside {@code root}. */
    private static void applyDeletions(Path list, Path root) throws IOException {
        Path real = root.toRealPath();
        for (String name : Files.readAllLines(list)) {
            if (name.isEmpty()) {
                continue;
            }
            Path doomed = real.resolve(name).normalize();
            if (!doomed.startsWith(real) || doomed.equals(real)) {
                throw new TreeArchive.UnsafeEntry("deletion list names " + name + ", outside the target");
            }
            if (throughSymlink(real, doomed)) {
                continue; // its parent was replaced by a symlink: the replaced entry is already gone
            }
            if (Files.exists(doomed, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                AtomicFile.deleteTree(doomed);
            }
        }
    }

    private static boolean throughSymlink(Path root, Path path) {
        for (Path p = path.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p) || Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object journal(Object result) {
        Restored r = (Restored) result;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("backup", r.backup());
        data.put("target", r.target());
        data.put("safetyCopy", r.safetyCopy());
        if (!r.sessions().isEmpty()) {
            data.put("sessions", r.sessions());
        }
        if (r.backupCreated() != null) {
            data.put("backupCreated", r.backupCreated().toString());
        }
        return data;
    }

    @Override
    public Object restore(Object data) {
        Map<?, ?> m = (Map<?, ?>) data;
        List<String> sessions = m.get("sessions") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new Restored((String) m.get("backup"), (String) m.get("target"), (String) m.get("safetyCopy"), sessions,
                m.get("backupCreated") == null ? null : java.time.Instant.parse((String) m.get("backupCreated")));
    }

    /** The target's directory, created if needed; a file where a directory must be is named, not an exception. */
    private static void createParent(Path target) throws VerbFailure, IOException {
        Path parent = target.toAbsolutePath().getParent();
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new VerbFailure("cannot restore to " + target + ": " + p + " is a file, not a directory, so nothing can be"
                        + " created under it; nothing was changed", "give to: a path under a directory, or move " + p + " away");
            }
        }
        Files.createDirectories(parent);
    }
}
