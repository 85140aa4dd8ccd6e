package io.ripcord.stdlib.backup;

import io.ripcord.files.AtomicFile;
import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The stages of a restore over a path: a file, a SQLite database (its stale -wal/-shm moved aside, never replayed
 * into the restored file) or a directory (swapped, or restored in place while a container mounts it). Everything is
 * staged beside the target, so the replace is a rename on the same file system.
 */
final class PathRestore implements StagedRestore {

    private static final String OLD_MARK = ".ripcord-old-";

    private final CatalogMatch.Restorable matched;
    private final Artifact artifact;
    private final Artifact base;
    private final BackupTarget.PathTarget current;
    private final Path target;
    private final Path staged;
    private final boolean force;
    private final int keepSafety;
    private final String safetyForm;
    private final VerbContext context;
    private boolean inPlace;
    private Writeback writeback; // the verified file's fsync, begun while the guard and the safety copy run
    private String safetyTaken; // the form of the safety copy this restore has: plain or compressed, null when none

    /** {@code base}: the full backup an incremental builds on (matched too), or null; {@code safetyForm}: {@link SafetyForm}'s. */
    PathRestore(CatalogMatch.Restorable matched, Artifact base, Path target, boolean force, int keepSafety, String safetyForm,
                VerbContext context) {
        this.matched = matched;
        this.artifact = matched.artifact();
        this.base = base;
        this.current = currentAt(artifact, target);
        this.target = target;
        this.staged = AtomicFile.tempFor(target);
        this.force = force;
        this.keepSafety = keepSafety;
        this.safetyForm = safetyForm;
        this.context = context;
    }

    /** What is at {@code target} now, as the kind of thing {@code artifact} holds; a volume stays the volume it was backed up from. */
    static BackupTarget.PathTarget currentAt(Artifact artifact, Path target) {
        return artifact.source() instanceof BackupTarget.PathTarget source && source.path().equals(target)
                ? source : BackupTarget.of(artifact.kind(), target);
    }

    /** First puts back or deletes what a dead restore left beside the target, then verifies while unpacking. */
    @Override
    public void stage() throws VerbFailure, IOException {
        createParent(target);
        int swept = AtomicFile.removeLeftovers(target.toAbsolutePath().getParent());
        if (swept > 0) {
            context.output().info("cleaned up " + swept + " thing(s) an interrupted run left beside " + target);
        }
        try {
            if (current instanceof BackupTarget.Dir) {
                AtomicFile.createPrivateDirectory(staged); // the staged tree holds what the backup holds: owner-only until the swap
                if (base != null) {
                    Verifier.verify(base, Verifier.Options.FULL, staged, matched.expectation());
                }
                Verifier.verify(artifact, matched.options(), staged, matched.expectation()).checks().stream()
                        .filter(c -> c.startsWith(Verifier.NOT_ROOT)).forEach(c -> context.output().warn(c));
                if (base != null) {
                    applyDeletions(artifact.file().resolveSibling(artifact.id() + Artifact.DELETED_SUFFIX), staged);
                }
            } else {
                Verifier.verify(artifact, matched.options(), staged, matched.expectation());
                writeback = Writeback.start(staged);
            }
        } catch (VerbFailure e) {
            throw e.reworded("refusing to restore: " + e.getMessage(), e.next());
        } catch (TreeArchive.UnsafeEntry e) {
            throw new VerbFailure(ProblemCode.UNSAFE_ARCHIVE, "refusing to restore " + artifact.id() + ": " + e.getMessage() + "; " + target + " was left as it was",
                    "this backup is not safe to restore; restore an older one");
        }
        context.output().info("verified " + artifact.id() + (base == null ? "" : " and the full backup it builds on, " + base.id()));
    }

    /**
     * Nothing is replaced while something holds it: a process with the database or a file of the tree open (or its
     * working directory in the tree), a running container mounting it. Refused, naming them, unless {@code force};
     * a forced restore of a held directory goes in place, so the holders see the restored content.
     */
    @Override
    public void guard() throws VerbFailure {
        if (current instanceof BackupTarget.File || !Files.exists(target)) {
            return;
        }
        // a volume's mountpoint is the volume: replaced in place, it stays the same volume for every container using it
        inPlace = current instanceof BackupTarget.Dir dir && dir.volume() != null;
        boolean tree = current instanceof BackupTarget.Dir;
        TargetHolders.Found found = TargetHolders.of(target, tree, context);
        for (String unchecked : found.unchecked()) {
            context.output().warn("could not check whether " + unchecked + " hold " + target + "; stop any that do before restoring");
        }
        if (found.free()) {
            return;
        }
        String holders = found.holders().stream().map(TargetHolders.Holder::toString).collect(Collectors.joining(", "));
        if (!force) {
            throw new VerbFailure(ProblemCode.TARGET_HELD, "refusing to restore " + artifact.id() + " over " + target + ": it is in use by " + holders
                    + "; nothing was changed", "stop " + (found.holders().size() == 1 ? "it" : "them") + " first (stopService),"
                    + " or pass force: true to replace it while in use" + (tree ? " (the directory is then restored in place)" : ""));
        }
        context.output().warn("force: true: restoring over " + target + " while it is in use by " + holders
                + (tree ? "; restoring in place so they see the restored content" : ""));
        inPlace = tree;
    }

    /** A resumed restore keeps the copy its first attempt took; null when there is nothing to copy. */
    @Override
    public String safety() throws VerbFailure {
        String earlier = SafetyCopy.earlier(current, context);
        if (earlier != null) {
            context.output().info("safety copy taken before the interruption: " + earlier);
            safetyTaken = SafetyForm.of(earlier);
            return earlier;
        }
        if (!Files.exists(target)) {
            return null;
        }
        Path dir = SafetyCopy.dirFor(artifact, context);
        SafetyForm.Choice choice = SafetyForm.choose(safetyForm, current, dir, artifact.compression(), context);
        context.output().info("safety copy: " + choice.describeWithRoom());
        safetyTaken = choice.form();
        return SafetyCopy.take(current, dir, choice.compression(), keepSafety, context).file().toString();
    }

    @Override
    public RestoreVerb.Restored replace(String safety) throws VerbFailure {
        try {
            ownership();
            if (inPlace) {
                InPlaceTree.replaceContent(staged, target);
            } else if (current instanceof BackupTarget.Dir) {
                swapTree();
            } else {
                swapFile(current instanceof BackupTarget.Sqlite);
            }
        } catch (IOException e) {
            throw new VerbFailure(BackupVerb.codeOf(e, target.toAbsolutePath().getParent()), "restoring " + artifact.id() + " over " + target + " failed: " + BackupVerb.describe(e)
                    + "; " + target + " was left as it was" + (safety == null ? "" : " (safety copy: " + safety + ")"),
                    "fix the cause and run again");
        }
        context.output().info("restored " + artifact.id() + " to " + target);
        return new RestoreVerb.Restored(artifact.id(), target.toString(), safety).taken(artifact.created()).safetyForm(safetyTaken);
    }

    /** The staged copy: gone after a swap, still there after a refusal or an in-place restore. */
    @Override
    public void sweep() throws IOException {
        if (writeback != null) {
            writeback.await();
        }
        AtomicFile.deleteTree(staged);
    }

    /**
     * What is restored gets the mode and owner of what it replaces, or, when nothing is there, those the source had
     * when it was backed up: a 0600 env file stays 0600, and a database restored by root still belongs to the app.
     */
    private void ownership() throws IOException {
        if (Files.exists(target)) {
            AtomicFile.copyOwnership(target, staged);
        } else if (artifact.manifest().get("source") instanceof Map<?, ?> source && source.get("mode") instanceof Number mode) {
            AtomicFile.copyOwnership(mode.intValue(), source.get("uid") instanceof Number u ? u.intValue() : null,
                    source.get("gid") instanceof Number g ? g.intValue() : null, staged);
        }
    }

    /** Moves a verified file over the target; a database's stale -wal/-shm are moved aside first, never replayed. */
    private void swapFile(boolean sqlite) throws IOException {
        if (writeback != null) {
            writeback.await();
        }
        AtomicFile.fsync(staged); // the one that counts: whatever the early one did, the file is on disk before the rename
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
    private void swapTree() throws IOException {
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
        Path parent = target.toAbsolutePath().getParent();
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

    /** Removes what was deleted between the full backup and the incremental one; every path stays inside {@code root}. */
    private static void applyDeletions(Path list, Path root) throws IOException {
        Path real = root.toRealPath();
        for (String name : Files.readAllLines(list)) {
            Path doomed = name.isEmpty() ? null : TreeConfinement.deletable(real, name);
            if (doomed != null && Files.exists(doomed, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFile.deleteTree(doomed);
            }
        }
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

    /**
     * An fsync of the verified file on its own thread: the disk writes it back while the guard looks for holders and
     * the safety copy is taken, so the fsync before the rename finds little left to write. Its failure is not
     * reported here: that later fsync is the one whose failure stops the restore.
     */
    private static final class Writeback {
        private final Thread thread;

        private Writeback(Thread thread) {
            this.thread = thread;
        }

        static Writeback start(Path file) {
            Thread thread = new Thread(() -> {
                try {
                    AtomicFile.fsync(file);
                } catch (IOException e) {
                    // the fsync before the rename reports it
                }
            }, "ripcord-restore-writeback");
            thread.setDaemon(true);
            thread.start();
            return new Writeback(thread);
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the fsync before the rename then fails as interrupted, as it would have
            }
        }
    }
}
