package io.ripcord.stdlib.backup;

import io.ripcord.files.AtomicFile;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API — never a file copy, which can
 * catch a database between a write and its WAL checkpoint. The whole database is copied in one step under one read
 * transaction, so a writer that keeps committing cannot make it restart or tear it; a busy database is retried a
 * bounded number of times. The copy is switched out of WAL mode so it is a single self-contained file.
 */
final class SqliteSnapshot {

    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int BUSY_SLEEP_MS = 100;
    private static final int BUSY_RETRIES = 100; // ten seconds of a locked database, then a clear failure

    private SqliteSnapshot() {
    }

    /** True when the file starts with SQLite's header. */
    static boolean looksLikeSqlite(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(HEADER.length), HEADER);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a consistent copy of {@code database} to {@code copy} and fsyncs it. */
    static void copy(Path database, Path copy) throws SQLException, IOException {
        // owner-only before the first page lands: SQLite would create it 0644, a readable copy of every row
        AtomicFile.makePrivate(copy);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try (Connection source = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + database, config.toProperties())) {
            int rc = ((SQLiteConnection) source).getDatabase().backup("main", copy.toString(), null, BUSY_SLEEP_MS, BUSY_RETRIES, -1);
            if (rc == SQLITE_FULL) {
                throw new IOException("No space left for the snapshot in " + copy.getParent() + " (SQLITE_FULL)");
            }
            // the copy's side failed: SQLite's code says nothing about the source, so name the directory
            if (rc == SQLITE_CANTOPEN || rc == SQLITE_READONLY) {
                throw new java.nio.file.AccessDeniedException(copy.getParent().toString(), null,
                        "cannot create the snapshot there: the directory is not writable (SQLite code " + rc + ")");
            }
            if (rc == SQLITE_IOERR) {
                throw new IOException("I/O error writing the snapshot in " + copy.getParent() + " (SQLite code " + rc + ")");
            }
            if (rc != 0) {
                throw new SQLException("SQLite's backup API returned code " + rc
                        + (rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? " (the database stayed locked or busy)" : ""));
            }
        }
        if (!Files.isRegularFile(copy) || Files.size(copy) == 0) {
            throw new IOException("the snapshot " + copy + " is missing or empty after SQLite's backup; refusing to archive it");
        }
        SQLiteConfig existing = new SQLiteConfig();
        existing.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE); // a vanished copy is an error, not a new empty database
        try (Connection snapshot = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + copy, existing.toProperties());
             Statement s = snapshot.createStatement()) {
            s.execute("PRAGMA journal_mode = DELETE");
        } catch (SQLException e) {
            // only the copy is open here: whatever failed is the destination's (a full disk fails the WAL's -shm)
            throw new IOException("cannot finish the snapshot in " + copy.getParent() + ": " + e.getMessage(), e);
        }
        AtomicFile.fsync(copy);
    }

    /** Deletes a snapshot and whatever SQLite left beside it. */
    static void delete(Path copy) throws IOException {
        Files.deleteIfExists(copy);
        for (String sidecar : new String[] {"-journal", "-wal", "-shm"}) {
            Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + sidecar));
        }
    }

    /** The SQLite library's version, asked once per process (the manifest of every backup names it). */
    static String sqliteVersion() {
        String known = version;
        if (known == null) {
            known = askVersion();
            version = known;
        }
        return known;
    }

    private static volatile String version;

    private static String askVersion() {
        try (Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite::memory:", new java.util.Properties()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT sqlite_version()")) {
            return r.next() ? r.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown";
        }
    }
}
