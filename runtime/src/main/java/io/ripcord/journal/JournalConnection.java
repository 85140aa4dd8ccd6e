package io.ripcord.journal;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The journal's one connection, for whichever dialect: statements, transactions, and a bounded reconnect when the
 * connection is lost (a PostgreSQL restarted, a network cut). Past the last attempt the problem says the journal is
 * unreachable, and the run stops before its next call: nothing acts that could not be journaled.
 */
final class JournalConnection implements AutoCloseable {

    /** Waits between reconnect attempts: about 6 s in all, shorter than a run's lease. */
    private static final long[] BACKOFF_MILLIS = {100, 300, 700, 1500, 3000};

    interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    private final JournalDialect dialect;
    private Connection db;
    private boolean inTransaction;
    private boolean gaveUp;
    /**
     * The journal's redaction boundary: every text it stores or looks up passes through it, so no write path can put a
     * secret in the journal (a lock name, an event, an error), and a lookup by a name that holds one finds its row.
     */
    volatile UnaryOperator<String> secrets = UnaryOperator.identity();

    JournalConnection(JournalDialect dialect, Connection db) {
        this.dialect = dialect;
        this.db = db;
    }

    JournalDialect dialect() {
        return dialect;
    }

    int update(String sql, Object... args) {
        return call(() -> {
            try (PreparedStatement s = db.prepareStatement(sql)) {
                bind(s, args);
                return s.executeUpdate();
            }
        });
    }

    <T> List<T> query(String sql, Row<T> row, Object... args) {
        return call(() -> {
            try (PreparedStatement s = db.prepareStatement(sql)) {
                bind(s, args);
                try (ResultSet r = s.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (r.next()) {
                        out.add(row.read(r));
                    }
                    return out;
                }
            }
        });
    }

    /** {@code work} in one transaction; retried whole on a new connection if the connection was lost. */
    <T> T inTransaction(Work<T> work) {
        if (inTransaction) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new Failed(e);
            }
        }
        return call(() -> {
            db.setAutoCommit(false); // SQLite: BEGIN IMMEDIATE (see SqliteDialect.connect)
            inTransaction = true;
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    db.rollback();
                } catch (SQLException ignored) {
                    // the original error is reported
                }
                throw e;
            } finally {
                inTransaction = false;
                try {
                    db.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection fails the next call with its own message
                }
            }
        });
    }

    /** Thrown inside a transaction so the statement's error reaches {@link #call} unwrapped. */
    private static final class Failed extends RuntimeException {
        Failed(SQLException cause) {
            super(cause);
        }
    }

    private <T> T call(Work<T> work) {
        if (inTransaction) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new Failed(e);
            }
        }
        // the first attempt on the connection there is; once the bounded reconnect gave up, each later statement (the
        // run recording how it stopped) tries one reconnect more
        long[] waits = gaveUp ? new long[] {0} : BACKOFF_MILLIS;
        SQLException last = null;
        for (int attempt = 0; attempt <= waits.length; attempt++) {
            try {
                if (attempt > 0) {
                    Thread.sleep(waits[attempt - 1]);
                    reconnect();
                }
                T result = work.run();
                gaveUp = false;
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Failed e) {
                last = (SQLException) e.getCause();
            } catch (SQLException e) {
                last = e;
            }
            if (!dialect.connectionLost(last)) {
                throw dialect.problem(last);
            }
        }
        gaveUp = true;
        throw new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "the journal " + dialect.location()
                + " is unreachable (" + (BACKOFF_MILLIS.length + 1) + " attempts in "
                + java.util.Arrays.stream(BACKOFF_MILLIS).sum() / 1000.0 + " s): "
                + String.valueOf(last.getMessage()).lines().findFirst().orElse(""), null)
                .withNext("nothing acted after the last journaled call; when the database is back, `ripcord resume RUN`"
                        + " continues the run (`ripcord runs` shows it)"), last);
    }

    private void reconnect() throws SQLException {
        close();
        db = dialect.connect();
    }

    private void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i] instanceof String text ? secrets.apply(text) : args[i]);
        }
    }

    @Override
    public void close() {
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException ignored) {
            // closing after a failure: the original problem is what matters
        }
    }
}
