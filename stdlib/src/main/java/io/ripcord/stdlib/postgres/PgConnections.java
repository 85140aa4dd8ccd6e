package io.ripcord.stdlib.postgres;

import io.ripcord.verb.VerbFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** JDBC connections for what Ripcord asks the server itself: sizes, versions, sessions, scratch databases, assertions. */
final class PgConnections {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private PgConnections() {
    }

    /** A connection to {@code database} on {@code target}'s server, or a failure that says why not. */
    static Connection open(PostgresTarget target, String database, String doing) throws VerbFailure {
        return open(target, database, doing, CONNECT_TIMEOUT);
    }

    static Connection open(PostgresTarget target, String database, String doing, Duration timeout) throws VerbFailure {
        try {
            return connect(target, database, timeout);
        } catch (SQLException e) {
            throw PgErrors.explain(doing, target, e.getMessage());
        }
    }

    static Connection connect(PostgresTarget target, String database, Duration timeout) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        String password = target.effectivePassword();
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        props.setProperty("loginTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        props.setProperty("ApplicationName", "ripcord");
        // no statement may wait on a lock forever while connections are blocked: a held lock fails it clearly instead
        props.setProperty("options", "-c lock_timeout=10s");
        props.setProperty("socketTimeout", "600");
        String url = "jdbc:postgresql://" + (target.host().contains(":") ? "[" + target.host() + "]" : target.host()) + ":" + target.port()
                + "/" + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + url);
        }
        return c;
    }

    /** The database to connect to for work on {@code database} itself (creating, blocking, dropping it). */
    static String maintenanceDatabase(String database) {
        return database.equals("postgres") ? "template1" : "postgres";
    }

    /** An identifier quoted for SQL. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
