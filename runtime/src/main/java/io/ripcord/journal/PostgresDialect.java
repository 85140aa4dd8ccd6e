package io.ripcord.journal;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Team mode: the journal in a PostgreSQL database every operator's Ripcord connects to. The schema is the SQLite one
 * with PostgreSQL's types; its version lives in a one-row table {@code ripcord_journal}, and a database with other
 * tables but not that one is someone else's and left alone. A migration holds a transaction-scoped advisory lock
 * ({@code pg_advisory_xact_lock}), so two operators upgrading at once cannot both migrate, and the lock goes with
 * the transaction (never a session-level lock: those leak behind connection poolers).
 */
final class PostgresDialect implements JournalDialect {

    /** The advisory lock key of a migration: 'RPCD' as a number, as SQLite's application_id. */
    private static final long MIGRATION_LOCK = JournalSchema.APPLICATION_ID;
    private static final Pattern INTEGER = Pattern.compile("\\bINTEGER\\b");

    private final PostgresUrl url;
    private final String password;
    /** Why no password file was read, when one exists (see {@link PgPassword#ignored}); null otherwise. */
    private final String passwordNote;

    PostgresDialect(PostgresUrl url, String password, String passwordNote) {
        this.url = url;
        this.password = password;
        this.passwordNote = passwordNote;
    }

    @Override
    public String location() {
        return url.display();
    }

    @Override
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.putAll(url.options());
        props.setProperty("user", url.user());
        if (password != null) {
            props.setProperty("password", password);
        }
        props.putIfAbsent("connectTimeout", "10");
        props.putIfAbsent("socketTimeout", "60");
        props.putIfAbsent("ApplicationName", "ripcord");
        // a lease is decided by one statement; nothing of the journal may wait on a row lock for long
        props.putIfAbsent("options", "-c lock_timeout=20s -c synchronous_commit=on");
        Connection c = new org.postgresql.Driver().connect(url.jdbc(), props);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + url.display());
        }
        return c;
    }

    @Override
    public void prepare(Connection db) throws SQLException {
        int version = version(db);
        if (version > JournalSchema.latest()) {
            throw JournalProblems.newer(location(), version);
        }
        if (version == JournalSchema.latest()) {
            return;
        }
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            int from = version(db); // another operator may have migrated while this one waited for the lock
            if (from < JournalSchema.latest()) {
                if (from == 0) {
                    s.execute("CREATE TABLE ripcord_journal (application TEXT NOT NULL, version INTEGER NOT NULL)");
                    s.execute("INSERT INTO ripcord_journal VALUES ('ripcord', 0)");
                }
                for (int v = from; v < JournalSchema.latest(); v++) {
                    for (String sql : statements(JournalSchema.MIGRATIONS.get(v))) {
                        if (!sql.isBlank()) {
                            s.execute(ddl(sql));
                        }
                    }
                }
                s.execute("UPDATE ripcord_journal SET version = " + JournalSchema.latest());
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** The schema version; 0 for an empty database; refuses a database that holds another program's tables. */
    private int version(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT to_regclass('ripcord_journal') IS NOT NULL,"
                     + " (SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema())")) {
            r.next();
            if (!r.getBoolean(1)) {
                if (r.getLong(2) > 0) {
                    throw JournalProblems.corrupt(location(), "the database holds another program's tables"
                            + " (no ripcord_journal table)");
                }
                return 0;
            }
        }
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT application, version FROM ripcord_journal")) {
            if (!r.next() || !"ripcord".equals(r.getString(1))) {
                throw JournalProblems.corrupt(location(), "its ripcord_journal table is not Ripcord's");
            }
            return r.getInt(2);
        }
    }

    /** SQLite's INTEGER is 64 bits, PostgreSQL's 32: epoch milliseconds need BIGINT. */
    static String ddl(String sqlite) {
        String sql = sqlite.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY");
        return INTEGER.matcher(sql).replaceAll("BIGINT");
    }

    @Override
    public String nowMillis() {
        return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }

    @Override
    public String lockRow() {
        return " FOR UPDATE";
    }

    @Override
    public boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        // 55000 with "not currently accepting connections": a database closed to connections for maintenance
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("55000") && String.valueOf(e.getMessage()).contains("not currently accepting connections"));
    }

    @Override
    public RunbookException problem(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        if (state.equals("28P01") || state.equals("28000") || message.contains("no password was provided")) {
            return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "the journal " + location()
                    + " refused the login of " + url.user() + ": " + message + (passwordNote == null ? "" : "; " + passwordNote), null)
                    .withNext("set PGPASSWORD, or give the password in PGPASSFILE or ~/.pgpass (mode 0600); never in the URL"), e);
        }
        if (state.equals("42501") || state.equals("25006")) {
            return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "the journal " + location()
                    + " cannot be written by " + url.user() + ": " + message, null)
                    .withNext("grant that role INSERT, UPDATE and DELETE on the journal's tables (and CREATE for migrations),"
                            + " or use a role that has them"), e);
        }
        if (state.equals("3D000")) {
            return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "the journal " + location()
                    + " does not exist: " + message, null).withNext("create it first: createdb " + url.database()), e);
        }
        if (connectionLost(e)) {
            return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "the journal " + location()
                    + " is unreachable: " + message, null)
                    .withNext("check the server, the network and --journal (or RIPCORD_JOURNAL); a run stopped by this"
                            + " continues with `ripcord resume RUN` once it answers"), e);
        }
        return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "cannot use the journal " + location() + ": "
                + message, null).withNext("check the database; --journal (or RIPCORD_JOURNAL) names another one"), e);
    }
}
