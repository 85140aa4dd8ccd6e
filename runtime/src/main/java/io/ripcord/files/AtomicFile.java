package io.ripcord.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * A file appears whole or not at all: it is written under a temporary name in the same directory, fsynced, renamed
 * over its final name, and the directory is fsynced so the rename itself survives a power cut. A crash leaves at
 * most a temporary file, which {@link #removeLeftovers} deletes on the next attempt.
 */
public final class AtomicFile {

    /** Marks temporary files; nothing else Ripcord writes contains it. */
    public static final String TEMP_MARK = ".ripcord-tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {
    }

    /** What writes the content; the stream is the temporary file's. */
    @FunctionalInterface
    public interface Writer<T> {
        T write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically and returns what the writer returned. */
    public static <T> T write(Path target, Writer<T> writer) throws IOException {
        Path temp = tempFor(target);
        try {
            T result;
            // owner-only from the first byte: backups hold secrets (env files, databases) whatever the umask says
            try (FileChannel channel = newPrivateChannel(temp)) {
                OutputStream out = Channels.newOutputStream(channel);
                result = writer.write(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(temp, target);
            return result;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Renames a finished temporary file (fsynced by its writer) over {@code target}, and fsyncs the directory. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically within " + target.getParent() + ": " + e.getMessage(), e);
        }
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /** Owner read and write only (0600): backups, their scratch copies, password files, the REPL's history. */
    public static final java.nio.file.attribute.FileAttribute<java.util.Set<java.nio.file.attribute.PosixFilePermission>> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    /**
     * An owner-only directory (0700), with its missing parents; an existing one is narrowed to 0700. For scratch
     * directories (unpacked backups hold the same secrets as the backups) and the caches Ripcord loads code from.
     */
    public static Path createPrivateDirectory(Path dir) throws IOException {
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
        Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
        Files.setPosixFilePermissions(dir, ownerOnly);
        return dir;
    }

    /** A stream to an owner-only file (0600, made so first if it exists), for scratch copies of backups. */
    public static OutputStream createPrivateFile(Path file) throws IOException {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            makePrivate(file);
            return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        }
        return Channels.newOutputStream(newPrivateChannel(file));
    }

    /** {@code file} owner-only (0600): created empty when missing, its content kept when it exists. */
    public static void makePrivate(Path file) throws IOException {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } else {
            Files.createFile(file, OWNER_ONLY);
        }
    }

    private static FileChannel newPrivateChannel(Path file) throws IOException {
        return FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY);
    }

    /** This process's id, in every temporary name it makes: the sweep never takes a live process's file. */
    private static final long PID = ProcessHandle.current().pid();

    /** A fresh temporary name beside {@code target}: {@code .NAME.ripcord-tmp-PID-RANDOM}. */
    public static Path tempFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMP_MARK + PID + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL));
    }

    /**
     * Marks a live file a replace moved out of the way ({@code .app.db-wal.ripcord-aside-PID-RANDOM}); the token after
     * the mark is that of the staged copy the replace renames in, so a sweep can tell whether the rename happened.
     */
    public static final String ASIDE_MARK = ".ripcord-aside-";

    /**
     * Marks the files named {@code ID.*} in a directory as not yet whole ({@code .ID.ripcord-pending-PID-RANDOM}): an
     * artifact renamed into place before its manifest is written. Until {@link #clearPending}, a sweep after the
     * writer died deletes them with the marker, so a complete artifact without its manifest never outlives its run.
     */
    public static final String PENDING_MARK = ".ripcord-pending-";

    public static Path markPending(Path dir, String id) throws IOException {
        Path marker = dir.resolve("." + id + PENDING_MARK + PID + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL));
        Files.createFile(marker, OWNER_ONLY);
        fsyncDirectory(dir);
        return marker;
    }

    /** The write failed: what it wrote under the id goes, with the marker (nothing half-made stays listed). */
    public static void abandonPending(Path marker) throws IOException {
        String name = marker.getFileName().toString();
        deleteCovered(marker.toAbsolutePath().getParent(), name);
        Files.deleteIfExists(marker);
    }

    private static int deleteCovered(Path dir, String markerName) throws IOException {
        int removed = 0;
        String prefix = markerName.substring(1, markerName.indexOf(PENDING_MARK)) + ".";
        try (DirectoryStream<Path> covered = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : covered) {
                deleteTree(p);
                removed++;
            }
        }
        return removed;
    }

    /** The files the marker covered are whole now (artifact and manifest written). */
    public static void clearPending(Path marker) throws IOException {
        Files.deleteIfExists(marker);
        fsyncDirectory(marker.toAbsolutePath().getParent());
    }

    /** Where {@code file} is moved aside while {@code staged} (a {@link #tempFor} name) replaces its neighbour. */
    public static Path asideFor(Path file, Path staged) {
        return file.resolveSibling("." + file.getFileName() + ASIDE_MARK + token(staged.getFileName().toString(), TEMP_MARK));
    }

    private static String token(String name, String mark) {
        return name.substring(name.indexOf(mark) + mark.length());
    }

    /**
     * Whether the process named in a temporary or aside name still runs (on this host); null when the name carries no
     * pid (an older name: its age decides).
     */
    static Boolean writerAlive(String name, String mark) {
        String rest = token(name, mark);
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            return ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the rename is still atomic there
        }
    }

    /** A temporary file without a pid in its name, untouched this long, belongs to nobody (names before pids were added). */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(10);

    /**
     * Deletes what a dead process left in {@code dir}, whatever its age: temporary files and staged trees whose writer
     * (the pid in the name) no longer runs, so nothing a live process is still writing or reading is touched. A file a
     * dead replace moved aside goes back to its place when its staged copy is still there (the replace never happened:
     * a database gets its own -wal back), and is deleted when the staged copy is gone (the replace was done). Returns
     * how many entries were removed or put back.
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        java.util.List<Path> temps = new java.util.ArrayList<>();
        java.util.List<Path> asides = new java.util.ArrayList<>();
        java.util.List<Path> pending = new java.util.ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().contains(TEMP_MARK)
                || p.getFileName().toString().contains(ASIDE_MARK) || p.getFileName().toString().contains(PENDING_MARK))) {
            entries.forEach(p -> {
                String name = p.getFileName().toString();
                (name.contains(PENDING_MARK) ? pending : name.contains(ASIDE_MARK) ? asides : temps).add(p);
            });
        }
        for (Path marker : pending) {
            String name = marker.getFileName().toString();
            if (!Boolean.FALSE.equals(writerAlive(name, PENDING_MARK))) {
                continue;
            }
            removed += deleteCovered(dir, name);
            Files.deleteIfExists(marker);
        }
        for (Path aside : asides) {
            String name = aside.getFileName().toString();
            if (!Boolean.FALSE.equals(writerAlive(name, ASIDE_MARK))) {
                continue;
            }
            String token = token(name, ASIDE_MARK);
            Path original = dir.resolve(name.substring(1, name.indexOf(ASIDE_MARK)));
            boolean replaced = temps.stream().noneMatch(t -> t.getFileName().toString().endsWith(TEMP_MARK + token));
            if (!replaced && !Files.exists(original, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.move(aside, original, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteTree(aside);
            }
            removed++;
        }
        long cutoff = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
        for (Path leftover : temps) {
            Boolean alive = writerAlive(leftover.getFileName().toString(), TEMP_MARK);
            if (Boolean.TRUE.equals(alive) || alive == null
                    && Files.getLastModifiedTime(leftover, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() > cutoff) {
                continue;
            }
            if (Files.isDirectory(leftover, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(leftover);
            } else {
                Files.deleteIfExists(leftover);
            }
            removed++;
        }
        fsyncDirectory(dir);
        return removed;
    }

    /** Mode and owner of {@code from} onto {@code to}; the owner only where the process may (as root). */
    public static void copyOwnership(Path from, Path to) throws IOException {
        copyOwnership(((Integer) Files.getAttribute(from, "unix:mode")) & 07777, (Integer) Files.getAttribute(from, "unix:uid"),
                (Integer) Files.getAttribute(from, "unix:gid"), to);
    }

    public static void copyOwnership(int mode, Integer uid, Integer gid, Path to) throws IOException {
        Files.setAttribute(to, "unix:mode", mode);
        try {
            if (uid != null) Files.setAttribute(to, "unix:uid", uid);
            if (gid != null) Files.setAttribute(to, "unix:gid", gid);
        } catch (IOException e) {
            // not root: the file stays the restoring user's, which is who will use it
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
