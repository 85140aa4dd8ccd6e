package io.ripcord.journal;

import io.ripcord.files.AtomicFile;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Where sqlite-jdbc loads its native library from. By default it copies the library out of the jar into the temp
 * directory on every start, compares the copy byte by byte, and first lists the whole temp directory to delete old
 * copies: about 45–90 ms of every command that opens the journal (measured with a wall-clock profile of
 * {@code ripcord run}). Here the library is copied once per sqlite-jdbc version and platform into Ripcord's cache
 * directory and loaded from there.
 *
 * <p>It is native code loaded into the JVM, so a copy is only used when it is whole and only its owner could have
 * written it: the directory and the file belong to this user and are writable by nobody else, and the file's size
 * and CRC-32 match those recorded when it was copied (a truncated library would crash the JVM, not fail to load). A
 * copy that fails the check is made again; one that cannot be made, checked or loaded (a read-only or noexec home, a
 * home shared with a machine of another C library, which fails to load rather than crash) leaves sqlite-jdbc to
 * extract its own, as it would without this. A library path the user set ({@code -Dorg.sqlite.lib.path}) is left
 * alone. Linux only (where /proc/self/maps tells whether a copy is loaded already).
 */
public final class SqliteLibrary {
    /**
     * Architectures whose os.arch names one build of the library. "arm" (v6 or v7) and "x86" do not: a home shared by two
     * such machines could hand one the other's code, so there sqlite-jdbc picks and extracts its library every time.
     */
    private static final Set<String> UNAMBIGUOUS_ARCHES = Set.of("amd64", "x86_64", "aarch64");
    private static boolean chosen;

    private SqliteLibrary() {
    }

    /** Makes sqlite-jdbc load its library from a checked copy under {@code cacheDir}; call before the first connection. */
    public static void useCopyIn(Path cacheDir) {
        String arch = System.getProperty("os.arch");
        if (!"Linux".equals(System.getProperty("os.name")) || !UNAMBIGUOUS_ARCHES.contains(arch)
                || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        // sqlite-jdbc loads its library under this lock (SQLiteJDBCLoader.initialize is static synchronized): holding
        // it, nobody loads a copy meanwhile. Two copies of the library in one process crash it (seen: SIGSEGV in
        // bind_long), so if any copy is mapped already, that one stays the only one.
        synchronized (SQLiteJDBCLoader.class) {
            if (chosen) {
                return;
            }
            chosen = true;
            try {
                if (alreadyMapped()) {
                    return;
                }
                // keyed without asking sqlite-jdbc which platform folder applies: it finds out by running `uname` (~10 ms)
                String name = System.mapLibraryName("sqlitejdbc");
                Path dir = cacheDir.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-linux-" + arch);
                Path library = dir.resolve(name);
                Path record = dir.resolve(name + ".crc");
                if (!whole(cacheDir, dir, library, record)) {
                    copyOut(cacheDir, dir, library, record);
                }
                System.load(library.toString()); // here, so that a library that cannot load leaves sqlite-jdbc's own way open
                System.setProperty("org.sqlite.lib.path", dir.toString());
                System.setProperty("org.sqlite.lib.name", name);
                // loaded: sqlite-jdbc extracts nothing, and its clean-up of old extracted copies lists this small
                // directory instead of the whole temp directory
                System.setProperty("org.sqlite.tmpdir", dir.toString());
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                // sqlite-jdbc extracts the library itself, as it would without this
            }
        }
    }

    /** Whether this process has a copy of the library mapped (/proc/self/maps lists every mapped file). */
    private static boolean alreadyMapped() throws IOException {
        try (var lines = Files.lines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains("sqlitejdbc"));
        }
    }

    /** The copy and its record are there, owned by this user, writable by nobody else, and agree. */
    private static boolean whole(Path cacheDir, Path dir, Path library, Path record) throws IOException {
        if (!Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (Path p : new Path[]{cacheDir, dir, library, record}) {
            if (!AtomicFile.ownedAndPrivate(p)) {
                throw new IOException(p + " could have been written by another user; not loading native code from it");
            }
        }
        String[] expected = Files.readString(record, StandardCharsets.US_ASCII).trim().split(" ");
        return expected.length == 2 && Long.toString(Files.size(library)).equals(expected[0])
                && Long.toHexString(crc(library)).equals(expected[1]);
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }

    private static void copyOut(Path cacheDir, Path dir, Path library, Path record) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        AtomicFile.createPrivateDirectory(cacheDir);
        AtomicFile.createPrivateDirectory(dir);
        AtomicFile.removeLeftovers(dir);
        byte[] bytes;
        try (InputStream in = SqliteLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the class path");
            }
            bytes = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        // the library, then its record, each whole or not at all: a copy cut short by a crash has no matching record
        // and is made again; concurrent first starts each rename a whole one into place
        AtomicFile.write(library, out -> {
            out.write(bytes);
            return null;
        });
        AtomicFile.write(record, out -> {
            out.write((bytes.length + " " + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }
}
