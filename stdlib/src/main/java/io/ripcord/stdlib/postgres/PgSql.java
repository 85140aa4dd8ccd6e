package io.ripcord.stdlib.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One session on a PostgreSQL server, as restore's guard needs it: statements whose rows come back as text, in one
 * session from the first to the last (the restore lock is a session-level advisory lock). A JDBC connection for a
 * server Ripcord reaches by host and port, {@link PsqlSession} for one inside a container. Booleans are asked for as
 * integers ({@code ::int}), so both print them alike.
 */
interface PgSql {

    List<List<String>> rows(String sql) throws SQLException;

    default void execute(String sql) throws SQLException {
        rows(sql);
    }

    /** The first value of the first row, or null when there is no row. */
    default String value(String sql) throws SQLException {
        List<List<String>> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    static PgSql of(Connection connection) {
        return sql -> {
            try (Statement s = connection.createStatement()) {
                List<List<String>> rows = new ArrayList<>();
                if (s.execute(sql)) {
                    try (ResultSet r = s.getResultSet()) {
                        int columns = r.getMetaData().getColumnCount();
                        while (r.next()) {
                            List<String> row = new ArrayList<>();
                            for (int i = 1; i <= columns; i++) {
                                row.add(r.getString(i));
                            }
                            rows.add(row);
                        }
                    }
                }
                return rows;
            }
        };
    }
}
