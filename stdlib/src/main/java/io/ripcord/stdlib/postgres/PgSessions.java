package io.ripcord.stdlib.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions connected to a database, and ending them: a restore must not wait behind an application's open
 * transaction or lock, and the operator must know whose sessions were cut (pid, user, application, client).
 */
final class PgSessions {

    private PgSessions() {
    }

    record Session(int pid, String user, String application, String client, String state) {
        @Override
        public String toString() {
            return "pid " + pid + " (user " + user + ", application '" + application + "', client " + client + ", " + state + ")";
        }
    }

    static List<Session> on(Connection admin, String database) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement s = admin.prepareStatement("SELECT pid, usename, application_name, coalesce(host(client_addr), 'local socket'), "
                + "coalesce(state, 'unknown') FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() ORDER BY pid")) {
            s.setString(1, database);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Session(r.getInt(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
                }
            }
        }
        return out;
    }

    /** Terminates every session on {@code database} and waits (up to 10 s) until they are gone; returns those it ended. */
    static List<Session> terminateAll(Connection admin, String database) throws SQLException {
        List<Session> sessions = on(admin, database);
        for (Session session : sessions) {
            try (PreparedStatement s = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                s.setInt(1, session.pid());
                s.execute();
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!on(admin, database).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while sessions were being terminated");
            }
        }
        List<Session> left = on(admin, database);
        if (!left.isEmpty()) {
            throw new SQLException("these sessions did not end: " + left);
        }
        return sessions;
    }
}
