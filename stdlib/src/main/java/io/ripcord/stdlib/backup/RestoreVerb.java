package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.files.AtomicFile;
import io.ripcord.problem.ProblemCode;
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
            .optional("manifestKey", ArgType.STRING, "this home's key", "the key a backup from elsewhere was sealed with: secret('NAME')")
            .optional("trust", ArgType.STRING, "'catalog'", "'manifest': restore a backup the catalog does not know, trusting its unsealed manifest")
            .optional("keepSafety", ArgType.INTEGER, "3", "how many safety copies of the target to keep (the newest); older ones are deleted")
            .optional("force", ArgType.BOOLEAN, "false", "replace the target even while a process has it open or a running container"
                    + " mounts it (a directory is then restored in place, so its mounts see the restored content)")
            .returns(Restored.class, "what was restored where, and the safety copy taken first")
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

    /** A backup read from a repository is fetched first (streamed, hashed, checked), then restored as a local one. */
    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure, IOException {
        Artifact given = Args.artifact(call, "backup");
        Offsite.fetch(given, context);
        try {
            return restoreLocal(call, context);
        } finally {
            Offsite.discardFetched(given, context);
        }
    }

    private Object restoreLocal(VerbCall call, VerbContext context) throws VerbFailure, IOException {
        // match the catalog: the right artifact, unchanged since backup, not failed by a verify; its checks come along
        CatalogMatch.Restorable matched = CatalogMatch.forRestore(Args.artifact(call, "backup"), Args.trust(call), context);
        Artifact artifact = matched.artifact();
        int keepSafety = keepSafety(call);
        if (artifact.source() instanceof ServerTarget server) {
            return server.restore(artifact, call.value("to"), context);
        }
        Path target = destination(call, context, artifact);
        BackupTarget.PathTarget current = BackupTarget.of(artifact.kind(), target);
        Artifact base = artifact.incremental() ? CatalogMatch.match(baseOf(artifact), Args.trust(call), context).artifact() : null;
        createParent(target);
        sweep(target, context);
        // verified and unpacked in one pass beside the target; the target is untouched until the swap
        Path staged = AtomicFile.tempFor(target);
        try {
            stage(artifact, base, current, staged, matched, context);
            context.output().info("verified " + artifact.id() + (base == null ? "" : " and the full backup it builds on, " + base.id()));
            boolean inPlace = guard(artifact, current, call.flag("force", false), context);
            String safety = safetyCopy(artifact, current, keepSafety, context);
            CrashPoint.reach("restore: safety copy taken", context);
            ownership(artifact, current.path(), staged);
            try {
                if (inPlace) {
                    InPlaceTree.replaceContent(staged, target);
                } else if (current instanceof BackupTarget.Dir) {
                    swapTree(staged, target, context);
                } else {
                    swapFile(staged, target, current instanceof BackupTarget.Sqlite, context);
                }
            } catch (IOException e) {
                throw new VerbFailure(BackupVerb.codeOf(e, target.toAbsolutePath().getParent()), "restoring " + artifact.id() + " over " + target + " failed: " + BackupVerb.describe(e)
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
    private static void stage(Artifact artifact, Artifact base, BackupTarget.PathTarget current, Path staged,
                              CatalogMatch.Restorable matched, VerbContext context) throws VerbFailure, IOException {
        try {
            if (current instanceof BackupTarget.Dir) {
                AtomicFile.createPrivateDirectory(staged); // the staged tree holds what the backup holds: owner-only until the swap
                if (base != null) {
                    Verifier.verify(base, Verifier.Options.FULL, staged, matched.expectation());
                }
                warnNotKept(Verifier.verify(artifact, matched.options(), staged, matched.expectation()), context);
                if (base != null) {
                    applyDeletions(artifact.file().resolveSibling(artifact.id() + Artifact.DELETED_SUFFIX), staged);
                }
            } else {
                Verifier.verify(artifact, matched.options(), staged, matched.expectation());
            }
        } catch (VerbFailure e) {
            throw e.reworded("refusing to restore: " + e.getMessage(), e.next());
        } catch (TreeArchive.UnsafeEntry e) {
            throw new VerbFailure(ProblemCode.UNSAFE_ARCHIVE, "refusing to restore " + artifact.id() + ": " + e.getMessage() + "; " + current.path() + " was left as it was",
                    "this backup is not safe to restore; restore an older one");
        }
    }

    private static void warnNotKept(Verifier.Verification verification, VerbContext context) {
        verification.checks().stream().filter(c -> c.startsWith(Verifier.NOT_ROOT)).forEach(c -> context.output().warn(c));
    }

    /**
     * Nothing is replaced while something holds it: a process with the database or a file of the tree open (or its
     * working directory in the tree), a running container mounting it. Refused, naming them, unless {@code force};
     * a forced restore of a held directory goes in place (true), so the holders see the restored content.
     */
    private static boolean guard(Artifact artifact, BackupTarget.PathTarget current, boolean force, VerbContext context) throws VerbFailure {
        if (current instanceof BackupTarget.File || !Files.exists(current.path())) {
            return false;
        }
        boolean tree = current instanceof BackupTarget.Dir;
        TargetHolders.Found found = TargetHolders.of(current.path(), tree, context);
        for (String unchecked : found.unchecked()) {
            context.output().warn("could not check whether " + unchecked + " hold " + current.path() + "; stop any that do before restoring");
        }
        if (found.free()) {
            return false;
        }
        String holders = found.holders().stream().map(TargetHolders.Holder::toString).collect(java.util.stream.Collectors.joining(", "));
        if (!force) {
            throw new VerbFailure(ProblemCode.TARGET_HELD, "refusing to restore " + artifact.id() + " over " + current.path() + ": it is in use by " + holders
                    + "; nothing was changed", "stop " + (found.holders().size() == 1 ? "it" : "them") + " first (stopService),"
                    + " or pass force: true to replace it while in use" + (tree ? " (the directory is then restored in place)" : ""));
        }
        context.output().warn("force: true: restoring over " + current.path() + " while it is in use by " + holders
                + (tree ? "; restoring in place so they see the restored content" : ""));
        return tree;
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

    /**
     * A backup of what is there now, before anything is replaced; null when there is nothing there. A restore resumed
     * after a crash keeps the safety copy its first attempt took (the data from before it began), never a copy of a
     * target the first attempt may already have replaced.
     */
    private static String safetyCopy(Artifact artifact, BackupTarget.PathTarget current, int keep, VerbContext context) throws VerbFailure {
        String earlier = earlierSafetyCopy(current, context);
        if (earlier != null) {
            context.output().info("safety copy taken before the interruption: " + earlier);
            return earlier;
        }
        if (!Files.exists(current.path())) {
            return null;
        }
        return safetyCopy(current, artifact.file().getParent(), artifact.compression(), keep, context).file().toString();
    }

    static final int KEEP_SAFETY = 3;

    private static int keepSafety(VerbCall call) {
        long keep = call.integer("keepSafety", KEEP_SAFETY);
        if (keep < 1) {
            throw Args.invalid(call, "restore keepSafety: must be at least 1 (the safety copy this restore takes), got " + keep);
        }
        return (int) keep;
    }

    /** A safety copy of this target this run's step took in a call that never completed (the restore being resumed). */
    private static String earlierSafetyCopy(BackupTarget.PathTarget current, VerbContext context) {
        String runId = context.run().runId();
        if (runId == null) {
            return null;
        }
        java.util.Set<Object> named = new java.util.HashSet<>();
        for (io.ripcord.verb.PastCall past : context.history()) {
            if (past.result() instanceof Restored r) {
                named.add(r.safetyCopy());
            } else if (past.result() instanceof Map<?, ?> m && "restore".equals(past.verb())) {
                named.add(m.get("safetyCopy"));
            }
        }
        for (io.ripcord.catalog.CatalogEntry entry : context.catalog().bySource(current.id())) {
            if (runId.equals(entry.runId()) && context.step().equals(entry.step()) && entry.id().endsWith("-safety")
                    && !named.contains(entry.path()) && Files.isRegularFile(Path.of(entry.path()))) {
                return entry.path();
            }
        }
        return null;
    }

    /** What a dead restore left beside the target: its staged copy deleted, a moved-aside -wal put back or deleted. */
    private static void sweep(Path target, VerbContext context) throws IOException {
        int swept = AtomicFile.removeLeftovers(target.toAbsolutePath().getParent());
        if (swept > 0) {
            context.output().info("cleaned up " + swept + " thing(s) an interrupted run left beside " + target);
        }
    }

    /**
     * The safety copy every restore takes of what it is about to replace: a backup like any other (marked
     * {@code -safety}), in the restored backup's directory and in the catalog. Fails the restore before anything changed.
     */
    public static Artifact safetyCopy(BackupTarget current, Path dir, io.ripcord.stdlib.storage.Compression compression,
                                      VerbContext context) throws VerbFailure {
        return safetyCopy(current, dir, compression, KEEP_SAFETY, context);
    }

    /** The safety copy; then only the newest {@code keep} safety copies of the target stay (backups are not counted). */
    static Artifact safetyCopy(BackupTarget current, Path dir, io.ripcord.stdlib.storage.Compression compression, int keep,
                               VerbContext context) throws VerbFailure {
        try {
            Artifact copy = BackupWriter.write(current, dir, compression, true, context);
            context.catalog().add(copy.toCatalogEntry(context.run().runId(), context.step()));
            context.output().info("safety copy of the current state: " + copy.file() + " (" + new ByteSize(copy.size()) + ")"
                    + "; put it back with: " + copy.manifest().get("restoreByHand"));
            List<Artifact> older = Args.backupsIn(dir, current.id()).stream().filter(Artifact::safetyCopy)
                    .sorted(java.util.Comparator.comparing(Artifact::created).reversed()).skip(keep).toList();
            for (Artifact old : older) {
                try {
                    Retention.delete(old, context);
                    context.output().info("safety copies keep " + keep + ": deleted " + old.file().getFileName());
                } catch (IOException e) {
                    // the restore does not depend on it: the next safety copy tries again
                    context.output().warn("could not delete the old safety copy " + old.file() + ": " + e.getMessage());
                }
            }
            return copy;
        } catch (SQLException | IOException e) {
            throw new VerbFailure(BackupVerb.codeOf(e, dir), "refusing to restore: the safety backup of " + current + " failed: " + e.getMessage()
                    + "; nothing was changed", "free space in " + dir + " or fix the current state, then retry");
        } catch (VerbFailure e) {
            throw e.reworded("refusing to restore: the safety backup of " + current + " failed: " + e.getMessage()
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
    private static void swapFile(Path staged, Path target, boolean sqlite, VerbContext context) throws IOException {
        AtomicFile.fsync(staged);
        Map<Path, Path> asides = new LinkedHashMap<>(); // aside -> where it was
        if (sqlite) {
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                Path stale = Path.of(target + suffix);
                if (Files.exists(stale)) {
                    // named after the staged copy: a sweep after a crash here puts it back while the staged copy is there
                    Path aside = AtomicFile.asideFor(stale, staged);
                    Files.move(stale, aside);
                    asides.put(aside, stale);
                }
            }
            AtomicFile.fsyncDirectory(target.toAbsolutePath().getParent());
            CrashPoint.reach("restore: -wal and -shm moved aside", context);
        }
        try {
            AtomicFile.moveIntoPlace(staged, target);
            CrashPoint.reach("restore: database renamed into place", context);
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
    private static void swapTree(Path staged, Path target, VerbContext context) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        // named after the staged tree: a sweep after a crash between the renames puts the old tree back
        Path old = AtomicFile.asideFor(target, staged);
        boolean hadOld = Files.exists(target);
        if (hadOld) {
            Files.move(target, old);
            CrashPoint.reach("restore: tree moved aside", context);
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
        // an older Ripcord killed between its two renames left the old tree aside (no pid); the new one is in place now
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
            throw new VerbFailure(ProblemCode.BACKUP_MISSING, "refusing to restore " + incremental.id() + ": the full backup it builds on (" + baseFile
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
            Path doomed;
            try {
                doomed = TreeConfinement.resolve(real, name);
            } catch (TreeArchive.UnsafeEntry e) {
                doomed = real;
            }
            if (doomed.equals(real)) {
                throw new TreeArchive.UnsafeEntry("deletion list names " + name + ", outside the target");
            }
            if (TreeConfinement.crossesSymlink(real, doomed)) {
                continue; // its parent was replaced by a symlink: the replaced entry is already gone
            }
            if (Files.exists(doomed, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                AtomicFile.deleteTree(doomed);
            }
        }
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
                throw new VerbFailure(ProblemCode.DESTINATION_NOT_WRITABLE, "cannot restore to " + target + ": " + p + " is a file, not a directory, so nothing can be"
                        + " created under it; nothing was changed", "give to: a path under a directory, or move " + p + " away");
            }
        }
        Files.createDirectories(parent);
    }
}
