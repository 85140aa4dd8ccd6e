package io.ripcord.stdlib.postgres;

import java.sql.Connection;
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
        return on(PgSql.of(admin), database);
    }

    static List<Session> on(PgSql admin, String database) throws SQLException {
        List<Session> out = new ArrayList<>();
        for (List<String> r : admin.rows("SELECT pid, usename, application_name, coalesce(host(client_addr), 'local socket'), "
                + "coalesce(state, 'unknown') FROM pg_stat_activity WHERE datname = " + PgServer.literal(database) + " AND pid <> pg_backend_pid() ORDER BY pid")) {
            out.add(new Session(Integer.parseInt(r.get(0)), r.get(1), r.get(2), r.get(3), r.get(4)));
        }
        return out;
    }

    /** Terminates every session on {@code database} and waits (up to 10 s) until they are gone; returns those it ended. */
    static List<Session> terminateAll(Connection admin, String database) throws SQLException {
        return terminateAll(PgSql.of(admin), database);
    }

    static List<Session> terminateAll(PgSql admin, String database) throws SQLException {
        List<Session> sessions = on(admin, database);
        for (Session session : sessions) {
            admin.execute("SELECT pg_terminate_backend(" + session.pid() + ")");
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
