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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Directory trees as tar with PAX headers (long and non-ASCII names, large files), keeping symlinks as symlinks,
 * permissions and modification times — what GNU tar writes and reads. Extraction refuses any entry that would land
 * outside the target: absolute names, {@code ..}, symlinks pointing out, and writing through a symlink the archive
 * itself created.
 */
final class TreeArchive {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What a tree holds: counted while writing, reading and extracting, so they can be compared. */
    record Contents(long files, long directories, long symlinks, long bytes) {
        Contents plus(Contents o) {
            return new Contents(files + o.files, directories + o.directories, symlinks + o.symlinks, bytes + o.bytes);
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
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, NOFOLLOW)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static Contents write(Path root, OutputStream out, Progress progress, VerbOutput output) throws IOException {
        return write(root, out, progress, output, name -> true);
    }

    /** Archives the tree; regular files only when {@code includeFile} says so (directories and symlinks always). */
    static Contents write(Path root, OutputStream out, Progress progress, VerbOutput output,
                          java.util.function.Predicate<String> includeFile) throws IOException {
        long files = 0, dirs = 0, links = 0, bytes = 0;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        byte[] buffer = new byte[1 << 16];
        for (Path p : paths) {
            String name = root.relativize(p).toString().replace('\\', '/');
            TarArchiveEntry entry;
            boolean regular = false;
            if (Files.isSymbolicLink(p)) {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(p).toString());
                if (linkEscapes(name, entry.getLinkName())) {
                    output.warn("symlink " + name + " -> " + entry.getLinkName() + " points outside the tree: verify and restore"
                            + " will refuse this backup (make the link relative and inside the tree)");
                }
                links++;
            } else if (Files.isDirectory(p, NOFOLLOW)) {
                entry = new TarArchiveEntry(name + "/");
                dirs++;
            } else if (Files.isRegularFile(p, NOFOLLOW)) {
                if (!includeFile.test(name)) {
                    continue;
                }
                entry = new TarArchiveEntry(name);
                entry.setSize(Files.size(p));
                regular = true;
                files++;
            } else {
                output.warn("skipped " + p + ": not a file, directory or symlink (a socket, FIFO or device)");
                continue;
            }
            entry.setMode(mode(p));
            entry.setModTime(Files.getLastModifiedTime(p, NOFOLLOW));
            owner(p, entry);
            tar.putArchiveEntry(entry);
            if (regular) {
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
        return new Contents(files, dirs, links, bytes);
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
        long files = 0, dirs = 0, links = 0, bytes = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        byte[] buffer = new byte[1 << 16];
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            // the rules extraction applies, checked here too: verify must not pass what restore refuses
            safeDestination(Path.of("/ripcord-check"), entry.getName());
            if (entry.isSymbolicLink()) {
                if (linkEscapes(entry.getName(), entry.getLinkName())) {
                    throw new UnsafeEntry("symlink " + entry.getName() + " -> " + entry.getLinkName() + " points outside the target");
                }
                links++;
            } else if (entry.isDirectory()) {
                dirs++;
            } else if (entry.isFile()) {
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
            }
        }
        return new Contents(files, dirs, links, bytes);
    }

    /** Extracts into {@code target} (which must exist), refusing every entry that would land outside it. */
    static Contents extract(InputStream in, Path target) throws IOException {
        Path root = target.toRealPath();
        long files = 0, dirs = 0, links = 0, bytes = 0;
        record DirTime(Path dir, FileTime time, int mode) {
        }
        List<DirTime> dirTimes = new ArrayList<>();
        // directories already known to be real directories inside the root: checked once, not once per file
        java.util.Set<Path> safeDirs = new java.util.HashSet<>();
        safeDirs.add(root);
        byte[] buffer = new byte[1 << 18];
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path dest = safeDestination(root, entry.getName());
            if (!safeDirs.contains(dest.getParent())) {
                ensureParentInside(root, dest);
                Files.createDirectories(dest.getParent());
                for (Path p = dest.getParent(); p != null && p.startsWith(root) && safeDirs.add(p); p = p.getParent()) {
                    // remember the parent and every directory above it
                }
            }
            replaceOtherKind(dest, entry);
            if (entry.isSymbolicLink()) {
                Path link = Path.of(entry.getLinkName());
                Path resolved = dest.getParent().resolve(link).normalize();
                if (link.isAbsolute() || !resolved.startsWith(root) || passesThroughSymlink(dest.getParent(), link)) {
                    throw new UnsafeEntry("symlink " + entry.getName() + " -> " + entry.getLinkName() + " points outside the target");
                }
                Files.deleteIfExists(dest);
                Files.createSymbolicLink(dest, link);
                safeDirs.clear(); // a symlink may now stand where a directory was: check parents again
                safeDirs.add(root);
                links++;
            } else if (entry.isDirectory()) {
                Files.createDirectories(dest);
                dirTimes.add(new DirTime(dest, entry.getLastModifiedTime(), entry.getMode())); // modes last: 0555 must not block its files
                dirs++;
            } else if (entry.isFile()) {
                try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = tar.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        bytes += n;
                    }
                }
                Files.setPosixFilePermissions(dest, permissions(entry.getMode()));
                Files.setLastModifiedTime(dest, entry.getLastModifiedTime());
                applyOwner(dest, entry);
                files++;
            } else {
                throw new UnsafeEntry("entry " + entry.getName() + " is a device, FIFO or hard link; Ripcord does not extract those");
            }
        }
        // directory modes and times last: writing into a directory changes its mtime, and a read-only one refuses files
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            Files.setPosixFilePermissions(dirTimes.get(i).dir(), permissions(dirTimes.get(i).mode()));
            Files.setLastModifiedTime(dirTimes.get(i).dir(), dirTimes.get(i).time());
        }
        return new Contents(files, dirs, links, bytes);
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

    /** Textually: is the link absolute, or does it climb out of the tree from where it stands? */
    static boolean linkEscapes(String name, String linkName) {
        Path link = Path.of(linkName);
        Path base = Path.of("/ripcord-tree");
        Path parent = base.resolve(name).getParent();
        return link.isAbsolute() || !parent.resolve(link).normalize().startsWith(base);
    }

    /**
     * A link whose path goes through a symlink already extracted ({@code y -> x/l/..} with {@code x/l -> ..}) cannot
     * be judged by its text: refuse it.
     */
    private static boolean passesThroughSymlink(Path from, Path link) {
        Path p = from;
        for (int i = 0; i < link.getNameCount() - 1; i++) { // the last name may be a link: it was checked when extracted
            p = p.resolve(link.getName(i));
            if (!link.getName(i).toString().equals("..") && Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    private static Path safeDestination(Path root, String name) throws UnsafeEntry {
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new UnsafeEntry("entry " + name + " has an absolute path");
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root) || dest.equals(root) && !name.replace("/", "").replace(".", "").isEmpty()) {
            throw new UnsafeEntry("entry " + name + " climbs out of the target with ..");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeEntry("entry " + name + " climbs out of the target with ..");
            }
        }
        return dest;
    }

    /** No directory between the root and the entry may be a symlink: writing through one could land anywhere. */
    private static void ensureParentInside(Path root, Path dest) throws UnsafeEntry {
        for (Path p = dest.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeEntry("entry " + root.relativize(dest) + " would be written through the symlink " + root.relativize(p));
            }
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

    private static int mode(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", NOFOLLOW);
        return ((Integer) mode) & 07777;
    }

    private static void owner(Path p, TarArchiveEntry entry) {
        try {
            entry.setUserId(((Number) Files.getAttribute(p, "unix:uid", NOFOLLOW)).longValue());
            entry.setGroupId(((Number) Files.getAttribute(p, "unix:gid", NOFOLLOW)).longValue());
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a Unix file system: ownership is not recorded
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
