package io.ripcord.stdlib.postgres;

import io.ripcord.verb.VerbFailure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One health probe of a PostgreSQL database: connect and run a query, both within a timeout; for {@code healthCheck
 * postgres(...)}. A failure is a {@link VerbFailure} saying what went wrong in the operator's words (does not answer,
 * login refused, no such database, query failed or too slow).
 */
public final class PostgresProbe {

    /** What one attempt saw: the query's first value (null when it returned no row), how long it took, the server's version. */
    public record Result(Object value, Duration latency, String serverVersion) {
    }

    private PostgresProbe() {
    }

    /** Connects to {@code target} and runs {@code query} ("SELECT 1" when null), each bounded by {@code timeout}. */
    public static Result probe(PostgresTarget target, String query, Duration timeout) throws VerbFailure {
        String sql = query == null ? "SELECT 1" : query;
        long start = System.nanoTime();
        String doing = "health probe of " + target;
        try (Connection c = PgConnections.open(target, target.database(), doing, timeout); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            Object value;
            try (ResultSet r = s.executeQuery(sql)) {
                value = r.next() ? r.getObject(1) : null;
            }
            return new Result(value, Duration.ofNanos(System.nanoTime() - start), c.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                throw new VerbFailure(doing + ": the query ran past " + timeout.toSeconds() + "s and was cancelled: " + sql,
                        "the database is overloaded or the query is too slow for a health check");
            }
            throw new VerbFailure(doing + ": the query failed: " + e.getMessage(), "check the query against the database");
        }
    }
}
