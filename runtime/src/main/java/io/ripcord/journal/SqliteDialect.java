package io.ripcord.journal;

import io.ripcord.problem.RunbookException;

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
 * The journal in one SQLite file, WAL mode with {@code synchronous=FULL}: every write is on disk before the call that
 * made it returns. {@code PRAGMA user_version} holds the schema version, {@code PRAGMA application_id} marks the file
 * as Ripcord's so a foreign SQLite file is never mistaken for (or turned into) a journal.
 */
final class SqliteDialect implements JournalDialect {

    private static final int APPLICATION_ID = JournalSchema.APPLICATION_ID;
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;

    SqliteDialect(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Connection connect() throws SQLException {
        checkHeader();
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        // writers take the write lock when their transaction begins, so "read then write" cannot race another process
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(10_000);
        // the driver itself, not DriverManager: its first use loads and initialises every JDBC driver on the class path
        // (PostgreSQL's too), which every journaled run paid for before its first step
        return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    @Override
    public void prepare(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            // one statement, one snapshot: read one by one, a journal another process was creating at that moment
            // could look like "no id, but tables": someone else's database
            int appId;
            int version;
            boolean empty;
            try (ResultSet r = s.executeQuery("SELECT (SELECT application_id FROM pragma_application_id()),"
                    + " (SELECT user_version FROM pragma_user_version()), NOT EXISTS (SELECT 1 FROM sqlite_master)")) {
                r.next();
                appId = r.getInt(1);
                version = r.getInt(2);
                empty = r.getBoolean(3);
            }
            if (appId != APPLICATION_ID && !(appId == 0 && version == 0 && empty)) {
                throw JournalProblems.corrupt(location(), "it is another program's SQLite database");
            }
            if (version > JournalSchema.latest()) {
                throw JournalProblems.newer(location(), version);
            }
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA foreign_keys = ON");
            if (version < JournalSchema.latest()) {
                migrate(db);
            }
        }
    }

    private void migrate(Connection db) throws SQLException {
        db.setAutoCommit(false); // BEGIN IMMEDIATE: one process migrates, the others wait and then find it done
        try (Statement s = db.createStatement()) {
            int from;
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                from = r.next() ? r.getInt(1) : 0;
            }
            for (int v = from; v < JournalSchema.latest(); v++) {
                for (String sql : statements(JournalSchema.MIGRATIONS.get(v))) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + JournalSchema.latest());
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    @Override
    public String nowMillis() {
        return "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
    }

    @Override
    public String lockRow() {
        return "";
    }

    @Override
    public boolean connectionLost(SQLException e) {
        return false; // a file does not go away between statements; its errors are reported as they are
    }

    @Override
    public RunbookException problem(SQLException e) {
        return JournalProblems.unusable(file, e);
    }

    private void checkHeader() {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
                throw JournalProblems.corrupt(location(), "it is not a SQLite database");
            }
        } catch (IOException e) {
            throw JournalProblems.unusable(file, new SQLException("unable to open: " + e.getMessage()));
        }
    }
}
