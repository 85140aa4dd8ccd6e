package io.ripcord.stdlib.backup;

import io.ripcord.stdlib.storage.Progress;
import io.ripcord.verb.VerbOutput;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Directory trees as tar with PAX headers (long and non-ASCII names, large files), keeping symlinks as symlinks, hard
 * links within the tree as hard links, character and block devices and FIFOs, modes with their setuid, setgid and
 * sticky bits, owners and modification times — what GNU tar writes and reads. Extraction keeps every entry inside
 * the target ({@link TreeConfinement}) and refuses, by name, any entry it cannot bring back as what it was (a device
 * when not root, a tar type it does not know): nothing is ever written as an empty file in place of something else.
 */
final class TreeArchive {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What a tree holds: counted while writing, reading and extracting, so they can be compared. */
    record Contents(long files, long directories, long symlinks, long bytes, long special, List<String> modesNotKept) {
        Contents(long files, long directories, long symlinks, long bytes) {
            this(files, directories, symlinks, bytes, 0, List.of());
        }

        Contents(long files, long directories, long symlinks, long bytes, long special) {
            this(files, directories, symlinks, bytes, special, List.of());
        }

        Contents plus(Contents o) {
            List<String> lost = new ArrayList<>(modesNotKept);
            lost.addAll(o.modesNotKept);
            return new Contents(files + o.files, directories + o.directories, symlinks + o.symlinks, bytes + o.bytes, special + o.special, lost);
        }
    }

    private static final int TYPE_MASK = 0170000;
    private static final int SYMLINK = 0120000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    /** What the archive records of an entry, read with one lstat. */
    private static final String ATTRIBUTES = "unix:mode,nlink,ino,dev,rdev,uid,gid,size,lastModifiedTime";
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int FIFO = 0010000;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name")) || uidIsZero();

    private static boolean uidIsZero() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An archive entry refused because it would escape the target. */
    static final class UnsafeEntry extends IOException {
        UnsafeEntry(String message) {
            super(message);
        }
    }

    private TreeArchive() {
    }

    static long totalBytes(Path root) throws IOException {
        return totalBytes(TreeSelection.ALL.walk(root));
    }

    static long totalBytes(List<Path> entries) {
        long total = 0;
        for (Path p : entries) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW); // one lstat a file
                total += a.isRegularFile() ? a.size() : 0;
            } catch (IOException e) {
                // gone since the walk: the archive says so when it reaches it
            }
        }
        return total;
    }

    /** Archives every entry of a tree Ripcord wrote itself (a dump directory): no databases to snapshot, nothing left out. */
    static Contents write(Path root, OutputStream out, Progress progress, VerbOutput output) throws IOException {
        return write(root, TreeSelection.ALL.walk(root), TreeDatabases.none(), out, progress, output, name -> true);
    }

    /**
     * Archives the entries (from {@link TreeSelection#walk}); regular files only when {@code includeFile} says so
     * (directories and symlinks always). A SQLite database among them goes in through its snapshot, its WAL files not.
     */
    static Contents write(Path root, List<Path> paths, TreeDatabases databases, OutputStream out, Progress progress, VerbOutput output,
                          java.util.function.Predicate<String> includeFile) throws IOException {
        long files = 0, dirs = 0, links = 0, bytes = 0, special = 0;
        java.util.Map<Object, String> firstNameOfInode = new java.util.HashMap<>();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        byte[] buffer = new byte[1 << 16];
        for (Path p : paths) {
            String name = root.relativize(p).toString().replace('\\', '/');
            TarArchiveEntry entry;
            boolean regular = false;
            Path snapshot = null;
            // one lstat an entry (a tree of 20,000 files made ~180,000 before): type, mode, links, owner and time at once
            java.util.Map<String, Object> attributes = Files.readAttributes(p, ATTRIBUTES, NOFOLLOW);
            int type = (Integer) attributes.get("mode") & TYPE_MASK;
            if (type == SYMLINK) {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(p).toString());
                if (TreeConfinement.linkEscapes(name, entry.getLinkName())) {
                    output.warn("symlink " + name + " -> " + entry.getLinkName() + " points outside the tree: verify and restore"
                            + " will refuse this backup (make the link relative and inside the tree)");
                }
                links++;
            } else if (type == DIRECTORY) {
                entry = new TarArchiveEntry(name + "/");
                dirs++;
            } else if (type == REGULAR) {
                String first = ((Number) attributes.get("nlink")).intValue() > 1
                        ? firstNameOfInode.putIfAbsent(attributes.get("ino") + ":" + attributes.get("dev"), name) : null;
                if (first != null) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_LINK); // another name of a file already archived
                    entry.setLinkName(first);
                    special++;
                } else if (databases.isSidecar(p) || !includeFile.test(name) && !databases.isDatabase(p)) {
                    continue; // a database is always taken whole: its last commits may be in a -wal whose size did not change
                } else {
                    if (databases.isDatabase(p)) {
                        snapshot = databases.snapshot(p);
                    }
                    entry = new TarArchiveEntry(name);
                    entry.setSize(snapshot != null ? Files.size(snapshot) : (Long) attributes.get("size"));
                    regular = true;
                    files++;
                }
            } else {
                if (type == CHARACTER_DEVICE || type == BLOCK_DEVICE) {
                    entry = new TarArchiveEntry(name, type == CHARACTER_DEVICE ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                    long rdev = ((Number) attributes.get("rdev")).longValue();
                    entry.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
                    entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
                } else if (type == FIFO) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
                } else {
                    output.warn("skipped " + p + ": a socket, which the program listening on it makes again when it starts");
                    continue;
                }
                special++;
            }
            entry.setMode((Integer) attributes.get("mode") & 07777);
            entry.setModTime((FileTime) attributes.get("lastModifiedTime"));
            entry.setUserId(((Number) attributes.get("uid")).longValue());
            entry.setGroupId(((Number) attributes.get("gid")).longValue());
            tar.putArchiveEntry(entry);
            if (snapshot != null) {
                try {
                    copyDeclared(snapshot, entry.getSize(), tar, buffer, progress);
                } finally {
                    SqliteSnapshot.delete(snapshot);
                }
                bytes += entry.getSize();
            } else if (regular) {
                long copied = copyDeclared(p, entry.getSize(), tar, buffer, progress);
                if (copied != entry.getSize()) {
                    output.warn(p + " changed while it was archived (" + entry.getSize() + " bytes when the backup reached it, "
                            + copied + " to read); archived the first " + entry.getSize() + " bytes, as GNU tar does");
                }
                bytes += entry.getSize();
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        return new Contents(files, dirs, links, bytes, special);
    }

    /** A plain file's content follows the header (types '0', NUL and '7'); every other type is something else. */
    private static boolean regular(TarArchiveEntry entry) {
        byte type = entry.getLinkFlag();
        return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
    }

    /** Copies exactly {@code size} bytes: a file that grew is cut there, one that shrank is padded with zeros. */
    private static long copyDeclared(Path file, long size, OutputStream tar, byte[] buffer, Progress progress) throws IOException {
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (copied < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
                tar.write(buffer, 0, n);
                copied += n;
                progress.advance(n);
            }
            long available = copied == size && in.read() >= 0 ? size + 1 : copied;
            for (long padded = copied; padded < size; padded += Math.min(buffer.length, size - padded)) {
                java.util.Arrays.fill(buffer, (byte) 0);
                tar.write(buffer, 0, (int) Math.min(buffer.length, size - padded));
            }
            return available;
        }
    }

    /** Reads every entry and every byte to the end: a truncated or damaged archive fails here. */
    static Contents read(InputStream in) throws IOException {
        long files = 0, dirs = 0, links = 0, bytes = 0, special = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        byte[] buffer = new byte[1 << 16];
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            // the rules extraction applies, checked here too: verify must not pass what restore refuses
            TreeConfinement.checkName(entry.getName());
            if (entry.isSymbolicLink()) {
                if (TreeConfinement.linkEscapes(entry.getName(), entry.getLinkName())) {
                    throw new UnsafeEntry("symlink " + entry.getName() + " -> " + entry.getLinkName() + " points outside the target");
                }
                links++;
            } else if (entry.isDirectory()) {
                dirs++;
            } else if (entry.isLink()) {
                TreeConfinement.checkName(entry.getLinkName());
                special++;
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                special++;
            } else if (regular(entry)) {
                files++;
                long read = 0;
                int n;
                while ((n = tar.read(buffer)) > 0) {
                    read += n;
                }
                if (read != entry.getSize()) {
                    throw new IOException("entry " + entry.getName() + " is cut short: " + read + " of " + entry.getSize() + " bytes");
                }
                bytes += read;
            } else {
                throw unknownType(entry);
            }
        }
        return new Contents(files, dirs, links, bytes, special);
    }

    private static UnsafeEntry unknownType(TarArchiveEntry entry) {
        return new UnsafeEntry("entry " + entry.getName() + " is of tar type '" + (char) entry.getLinkFlag()
                + "', which Ripcord cannot restore as what it was");
    }

    /** Extracts into {@code target} (which must exist), refusing every entry that would land outside it. */
    static Contents extract(InputStream in, Path target) throws IOException {
        Path root = target.toRealPath();
        long files = 0, dirs = 0, links = 0, bytes = 0, special = 0;
        record DirTime(Path dir, FileTime time, int mode, TarArchiveEntry entry) {
        }
        List<DirTime> dirTimes = new ArrayList<>();
        // directories already known to be real directories inside the root: checked once, not once per file
        java.util.Set<Path> safeDirs = new java.util.HashSet<>();
        safeDirs.add(root);
        List<String> modesNotKept = new ArrayList<>();
        byte[] buffer = new byte[1 << 18];
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path dest = TreeConfinement.resolve(root, entry.getName());
            if (!ROOT && (entry.getMode() & 07000) != 0) {
                modesNotKept.add(entry.getName() + " (" + Integer.toOctalString(entry.getMode() & 07777) + ")");
            }
            if (!safeDirs.contains(dest.getParent())) {
                TreeConfinement.requireRealParents(root, dest);
                Files.createDirectories(dest.getParent());
                for (Path p = dest.getParent(); p != null && p.startsWith(root) && safeDirs.add(p); p = p.getParent()) {
                    // remember the parent and every directory above it
                }
            }
            replaceOtherKind(dest, entry);
            if (entry.isSymbolicLink()) {
                TreeConfinement.requireLinkInside(root, dest, entry.getName(), entry.getLinkName());
                Path link = Path.of(entry.getLinkName());
                Files.deleteIfExists(dest);
                Files.createSymbolicLink(dest, link);
                safeDirs.clear(); // a symlink may now stand where a directory was: check parents again
                safeDirs.add(root);
                links++;
            } else if (entry.isDirectory()) {
                Files.createDirectories(dest);
                dirTimes.add(new DirTime(dest, entry.getLastModifiedTime(), entry.getMode(), entry)); // modes last: 0555 must not block its files
                dirs++;
            } else if (entry.isLink()) {
                Path existing = TreeConfinement.resolve(root, entry.getLinkName());
                TreeConfinement.requireRealParents(root, existing);
                if (!Files.isRegularFile(existing, NOFOLLOW)) {
                    throw new UnsafeEntry("hard link " + entry.getName() + " -> " + entry.getLinkName() + " names no file extracted before it");
                }
                Files.createLink(dest, existing);
                special++;
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                makeSpecial(dest, entry); // with its mode, owner and time: Java would open a FIFO to set them, and wait forever
                special++;
            } else if (regular(entry)) {
                try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = tar.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        bytes += n;
                    }
                }
                // the owner before the mode: changing the owner clears setuid and setgid
                applyOwner(dest, entry);
                applyMode(dest, entry.getMode());
                Files.setLastModifiedTime(dest, entry.getLastModifiedTime());
                files++;
            } else {
                throw unknownType(entry);
            }
        }
        // directory modes and times last: writing into a directory changes its mtime, and a read-only one refuses files
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            applyOwner(dirTimes.get(i).dir(), dirTimes.get(i).entry());
            applyMode(dirTimes.get(i).dir(), dirTimes.get(i).mode());
            Files.setLastModifiedTime(dirTimes.get(i).dir(), dirTimes.get(i).time());
        }
        return new Contents(files, dirs, links, bytes, special, modesNotKept);
    }

    /**
     * The whole mode, setuid, setgid and sticky included, when root; otherwise the permission bits (the kernel would
     * drop setgid on a group the user is not in, so the restore does not pretend to keep it).
     */
    private static void applyMode(Path dest, int mode) throws IOException {
        if (ROOT) {
            Files.setAttribute(dest, "unix:mode", mode & 07777, NOFOLLOW);
        } else {
            Files.setPosixFilePermissions(dest, permissions(mode));
        }
    }

    /**
     * A device (root only) or FIFO with its mode, owner and time, made with mknod(1), mkfifo(1), chown(1) and touch(1):
     * Java has no call to make one, and its own attribute calls open the file, which on a FIFO waits for a writer.
     */
    private static void makeSpecial(Path dest, TarArchiveEntry entry) throws IOException {
        String mode = Integer.toOctalString(entry.getMode() & (ROOT ? 07777 : 0777));
        if (!entry.isFIFO() && !ROOT) {
            throw new UnsafeEntry((entry.isCharacterDevice() ? "character" : "block") + " device " + entry.getName()
                    + ": only root can create devices; restore as root");
        }
        Files.deleteIfExists(dest);
        run(entry, entry.isFIFO() ? List.of("mkfifo", "-m", mode, "--", dest.toString())
                : List.of("mknod", "-m", mode, "--", dest.toString(), entry.isCharacterDevice() ? "c" : "b",
                String.valueOf(entry.getDevMajor()), String.valueOf(entry.getDevMinor())));
        if (ROOT) {
            run(entry, List.of("chown", "-h", entry.getLongUserId() + ":" + entry.getLongGroupId(), "--", dest.toString()));
            run(entry, List.of("chmod", mode, "--", dest.toString())); // after chown, which clears setuid and setgid
        }
        run(entry, List.of("touch", "-h", "-d", "@" + entry.getLastModifiedTime().toInstant().getEpochSecond(), "--", dest.toString()));
    }

    private static void run(TarArchiveEntry entry, List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new IOException("cannot create " + entry.getName() + " (" + command.get(0) + "): " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + entry.getName(), e);
        }
    }

    /**
     * Extracting over an earlier tree (an incremental over its full backup): a path whose kind changed is removed
     * first. It lies inside the root and no directory above it is a symlink, so this cannot reach outside.
     */
    private static void replaceOtherKind(Path dest, TarArchiveEntry entry) throws IOException {
        if (Files.isSymbolicLink(dest) && !entry.isSymbolicLink()) {
            Files.delete(dest);
        } else if (Files.isDirectory(dest, NOFOLLOW) && !entry.isDirectory()) {
            io.ripcord.files.AtomicFile.deleteTree(dest);
        } else if (Files.exists(dest, NOFOLLOW) && !Files.isDirectory(dest, NOFOLLOW)) {
            Files.delete(dest); // a file that became a directory, or is rewritten (even if it was read-only)
        }
    }

    /** The recorded owner, where the process may set it (as root); otherwise the extracting user keeps it. */
    private static void applyOwner(Path dest, TarArchiveEntry entry) {
        try {
            Files.setAttribute(dest, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
            Files.setAttribute(dest, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException ignored) {
            // not root, or no POSIX owners: nothing to do
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }
}
