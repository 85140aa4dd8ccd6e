package io.ripcord.journal;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where sqlite-jdbc loads its native library from. By default it copies the library out of the jar into the temp
 * directory on every start, compares the copy byte by byte, and first lists the whole temp directory to delete old
 * copies: about 90 ms of every command that opens the journal (measured with a wall-clock profile of
 * {@code ripcord run}). Here the library is copied once per sqlite-jdbc version and platform into Ripcord's cache
 * directory and loaded from there.
 *
 * <p>Nothing depends on it: if the copy cannot be made (a read-only home) or cannot be loaded, sqlite-jdbc falls back
 * to its own extraction. A library path the user set ({@code -Dorg.sqlite.lib.path}) is left alone.
 */
public final class SqliteLibrary {
    private static boolean chosen;

    private SqliteLibrary() {
    }

    /** Makes sqlite-jdbc load its library from a copy under {@code cacheDir}; call before the first connection. */
    public static synchronized void useCopyIn(Path cacheDir) {
        if (chosen || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        chosen = true;
        try {
            // keyed without asking sqlite-jdbc which platform folder applies: it finds out by running `uname` (~10 ms)
            String name = System.mapLibraryName("sqlitejdbc");
            String platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch")).replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = cacheDir.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + platform);
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library)) {
                copyOut(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName(), dir, library);
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
            // its clean-up of old extracted copies lists this small directory instead of the whole temp directory
            System.setProperty("org.sqlite.tmpdir", dir.toString());
        } catch (IOException | RuntimeException e) {
            // sqlite-jdbc extracts the library itself, as it would without this
        }
    }

    private static void copyOut(String resource, Path dir, Path library) throws IOException {
        try (InputStream in = SqliteLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the class path");
            }
            Files.createDirectories(dir);
            // a unique temp name, then a rename: two first starts at once each write their own and one wins whole
            Path temp = dir.resolve(library.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
