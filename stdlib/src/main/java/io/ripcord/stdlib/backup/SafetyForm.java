package io.ripcord.stdlib.backup;

import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The form of a restore's safety copy, {@code safety:}: {@code 'plain'} (stored as is: as fast as the disk, as large as
 * the target), {@code 'compressed'} (the backup's compression, gzip for one stored as is: on every core, smaller,
 * slower) or {@code 'auto'} (the default: plain when the safety copy's directory has room for it with a margin, else
 * compressed). Either form is a backup whose manifest names its compression, so restore, rollback and the manifest's
 * {@code restoreByHand} read both.
 */
final class SafetyForm {

    static final String AUTO = "auto";
    static final String PLAIN = "plain";
    static final String COMPRESSED = "compressed";
    private static final List<String> FORMS = List.of(AUTO, PLAIN, COMPRESSED);

    /** Free bytes to assume instead of asking the file system: how the specs stand in for a full disk. */
    static final String FREE_BYTES_VARIABLE = "RIPCORD_FREE_BYTES";

    /** Room left on top of the estimate: a tenth of it, at least this much (a tar's headers, the journal, others' writes). */
    private static final long MIN_MARGIN = 64L << 20;

    /**
     * What was chosen and why, as the plan and the result say it ({@code plain (auto: the disk has room)}); {@code room}:
     * the figures auto went by, for the run's output only (they change from one minute to the next), or null.
     */
    record Choice(String form, Compression compression, String why, String room) {
        String describe() {
            return why == null ? form : form + " (" + why + ")";
        }

        String describeWithRoom() {
            return room == null ? describe() : describe() + ": " + room;
        }
    }

    private SafetyForm() {
    }

    /** The runbook's {@code safety:}, checked: one of the three forms. */
    static String requested(VerbCall call) {
        String form = call.string("safety", AUTO);
        if (!FORMS.contains(form)) {
            throw Args.invalid(call, "restore safety: is 'auto' (the default), 'plain' or 'compressed', got '" + form + "'");
        }
        return form;
    }

    /** The form for a safety copy of {@code current} written into {@code dir} before restoring a {@code backup}-compressed backup. */
    static Choice choose(String requested, BackupTarget current, Path dir, Compression backup, VerbContext context) {
        Compression compressed = backup == Compression.NONE ? Compression.GZIP : backup;
        if (PLAIN.equals(requested)) {
            return new Choice(PLAIN, Compression.NONE, null, null);
        }
        if (COMPRESSED.equals(requested)) {
            return new Choice(COMPRESSED, compressed, compressed.id(), null);
        }
        long needed;
        long free;
        try {
            needed = estimate(current);
            free = free(dir, context);
        } catch (IOException | RuntimeException e) {
            return new Choice(COMPRESSED, compressed, "auto: free space unknown, " + compressed.id(), e.getMessage());
        }
        long margin = Math.max(needed / 10, MIN_MARGIN);
        String room = new ByteSize(free) + " free in " + dir + " for " + new ByteSize(needed);
        return free >= needed + margin ? new Choice(PLAIN, Compression.NONE, "auto: the disk has room", room)
                : new Choice(COMPRESSED, compressed, "auto: no room for it plain, " + compressed.id(), room + " and a margin of " + new ByteSize(margin));
    }

    /** The form of a safety copy already taken (a resumed restore keeps it), from its name. */
    static String of(String safetyFile) {
        return Compression.NONE == compressionOf(safetyFile) ? PLAIN : COMPRESSED;
    }

    private static Compression compressionOf(String file) {
        for (Compression c : Compression.values()) {
            if (c != Compression.NONE && file.endsWith(c.suffix())) {
                return c;
            }
        }
        return Compression.NONE;
    }

    /** About what the plain copy takes: a database with its WAL, a tree's file bytes plus a tar header per entry. */
    private static long estimate(BackupTarget current) throws IOException {
        if (current instanceof BackupTarget.Dir dir) {
            List<Path> entries = TreeSelection.ALL.walk(dir.path());
            return TreeArchive.totalBytes(entries) + 1024L * entries.size();
        }
        Path path = ((BackupTarget.PathTarget) current).path();
        long size = Files.size(path);
        Path wal = Path.of(path + "-wal");
        if (current instanceof BackupTarget.Sqlite && Files.exists(wal, LinkOption.NOFOLLOW_LINKS)) {
            size += Files.size(wal);
        }
        return size;
    }

    private static long free(Path dir, VerbContext context) throws IOException {
        String injected = context.environment().get(FREE_BYTES_VARIABLE);
        if (injected != null) {
            return Long.parseLong(injected.trim());
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return Files.getFileStore(existing == null ? dir.toAbsolutePath().getRoot() : existing).getUsableSpace();
    }
}
