package io.ripcord.journal;

import io.ripcord.problem.RunbookException;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the two stores a journal can live in: SQLite (one file, the zero-setup default) and PostgreSQL
 * (team mode: one database for every operator and machine). The schema ({@link JournalSchema}), the statements and
 * the lease rules are the journal's own and written once; a dialect only connects, keeps the schema's version, turns
 * portable DDL into its own types, reads the database's clock and explains its errors.
 */
sealed interface JournalDialect permits SqliteDialect, PostgresDialect {

    /** What messages name: the file, or the URL without a password. */
    String location();

    /** A new connection, autocommit on. */
    Connection connect() throws SQLException;

    /**
     * Checks the store is a Ripcord journal (or empty) and not newer than this Ripcord, and migrates it to
     * {@link JournalSchema#latest()}: the migration runs in one transaction that only one process at a time can run.
     */
    void prepare(Connection db) throws SQLException;

    /** The database's clock in epoch milliseconds, as an SQL expression: leases never trust a client's clock. */
    String nowMillis();

    /** Appended to a SELECT that must keep the row from changing until the transaction ends (SQLite: writers are serial). */
    String lockRow();

    /** Whether {@code e} means the connection is gone (a reconnect may help), not that the statement was wrong. */
    boolean connectionLost(SQLException e);

    /** {@code e} as a problem that says what to do. */
    RunbookException problem(SQLException e);

    /** Splits a migration into statements, in this dialect's DDL. */
    default String[] statements(String migration) {
        return migration.split(";\\s*\\n");
    }
}
