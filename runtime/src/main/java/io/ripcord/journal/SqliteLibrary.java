package io.ripcord.journal;

import io.ripcord.files.AtomicFile;
import io.ripcord.files.OwnedFiles;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Where sqlite-jdbc loads its native library from. By default it copies the library out of the jar into the temp
 * directory on every start, compares the copy byte by byte, and first lists the whole temp directory to delete old
 * copies: about 45–90 ms of every command that opens the journal (measured with a wall-clock profile of
 * {@code ripcord run}). Here the library is copied once per sqlite-jdbc version and platform into Ripcord's cache
 * directory and loaded from there.
 *
 * <p>It is native code loaded into the JVM, so a copy is only used when it and every directory on the way to it are
 * this user's alone ({@link OwnedFiles}: nobody else can put code there or swap a directory before the load), and its
 * size and CRC-32 match what was recorded when it was copied from this very jar (a truncated library crashes the JVM
 * rather than failing to load). A copy that fails the check is made again; one that cannot be made or loaded (a
 * read-only or noexec home) leaves sqlite-jdbc to extract its own, as without this. Never a second copy: two in one
 * process crash it. Linux only (where /proc/self/maps tells what is loaded, and whether the C library is musl); a
 * library path the user set ({@code -Dorg.sqlite.lib.path}) is left alone.
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
                || System.getProperty("org.sqlite.lib.path") != null
                || SqliteLibrary.class.getClassLoader() != SQLiteJDBCLoader.class.getClassLoader()) {
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
                Maps maps = Maps.read();
                String version = SQLiteJDBCLoader.getVersion();
                if (maps.sqlite() || version == null || version.isBlank() || version.equals("unknown")) {
                    return;
                }
                // keyed without asking sqlite-jdbc which platform folder applies: it finds out by running `uname` (~10 ms)
                String name = System.mapLibraryName("sqlitejdbc");
                Path dir = cacheDir.resolve("sqlite-jdbc-" + version + "-linux-" + arch + (maps.musl() ? "-musl" : ""));
                AtomicFile.createPrivateDirectory(dir);
                Path real = OwnedFiles.trustedDirectory(dir).orElse(null);
                if (real == null) {
                    return; // someone else could put code there, or swap a directory on the way to it
                }
                Path library = real.resolve(name);
                Path record = real.resolve(name + ".crc");
                String expected = jarIdentity();
                if (!whole(library, record, expected)) {
                    copyOut(library, record, expected);
                }
                System.load(library.toString()); // here, so that a library that cannot load leaves sqlite-jdbc's own way open
                System.setProperty("org.sqlite.lib.path", real.toString());
                System.setProperty("org.sqlite.lib.name", name);
                // loaded: sqlite-jdbc extracts nothing, and its clean-up of old extracted copies lists this small
                // directory instead of the whole temp directory
                System.setProperty("org.sqlite.tmpdir", real.toString());
                SQLiteJDBCLoader.initialize(); // sqlite-jdbc settles on this copy now, under the same lock
            } catch (Exception | UnsatisfiedLinkError e) {
                // sqlite-jdbc extracts the library itself, as it would without this
            }
        }
    }

    /** What /proc/self/maps says: a copy of the library is mapped already; the C library is musl. */
    private record Maps(boolean sqlite, boolean musl) {
        private static final Pattern SQLITE = Pattern.compile("libsqlitejdbc\\.so( \\(deleted\\))?$");

        static Maps read() throws IOException {
            boolean sqlite = false;
            boolean musl = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)) {
                sqlite |= SQLITE.matcher(line).find();
                musl |= line.contains("/ld-musl-");
            }
            return new Maps(sqlite, musl);
        }
    }

    /** The jar the library comes from (size and time): a rebuilt or replaced jar gets its own library copied. */
    private static String jarIdentity() throws Exception {
        Path jar = Path.of(SQLiteJDBCLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
    }

    /** The copy and its record are this user's alone and agree: same jar, same size, same CRC-32. */
    private static boolean whole(Path library, Path record, String jar) throws IOException {
        if (!Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)
                || !OwnedFiles.ownedAndPrivate(library) || !OwnedFiles.ownedAndPrivate(record)) {
            return false; // made again, owner-only: the directories above were checked
        }
        String[] expected = Files.readString(record, StandardCharsets.US_ASCII).trim().split(" ");
        return expected.length == 3 && expected[2].equals(jar) && Long.toString(Files.size(library)).equals(expected[0])
                && Long.toHexString(crc(Files.readAllBytes(library))).equals(expected[1]);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static void copyOut(Path library, Path record, String jar) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        AtomicFile.removeLeftovers(library.getParent());
        byte[] bytes;
        try (InputStream in = SqliteLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the class path");
            }
            bytes = in.readAllBytes();
        }
        // the library, then its record, each whole or not at all: a copy cut short by a crash has no matching record
        // and is made again; concurrent first starts each rename a whole one into place
        AtomicFile.write(library, out -> {
            out.write(bytes);
            return null;
        });
        AtomicFile.write(record, out -> {
            out.write((bytes.length + " " + Long.toHexString(crc(bytes)) + " " + jar).getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }
}
