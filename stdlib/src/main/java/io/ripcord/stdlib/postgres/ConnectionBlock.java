package io.ripcord.stdlib.postgres;

import io.ripcord.verb.VerbContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * New connections to a database refused while it is restored, and allowed again afterwards exactly as before:
 * REVOKE CONNECT FROM PUBLIC (when PUBLIC had it), and CONNECTION LIMIT 0 when the restoring role is a superuser
 * (superusers ignore the limit, so pg_dump and pg_restore still connect; an owner that is not one would not).
 */
final class ConnectionBlock {

    private final String database;
    private final boolean publicHadConnect;
    private final Integer previousLimit; // null: the limit was not changed

    private ConnectionBlock(String database, boolean publicHadConnect, Integer previousLimit) {
        this.database = database;
        this.publicHadConnect = publicHadConnect;
        this.previousLimit = previousLimit;
    }

    static ConnectionBlock apply(Connection admin, PostgresTarget into, VerbContext context) throws SQLException {
        String db = PgConnections.quote(into.database());
        boolean publicConnect;
        int limit;
        boolean superuser;
        try (PreparedStatement s = admin.prepareStatement("SELECT has_database_privilege('public', oid, 'CONNECT'), datconnlimit, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_database WHERE datname = ?")) {
            s.setString(1, into.database());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                publicConnect = r.getBoolean(1);
                limit = r.getInt(2);
                superuser = r.getBoolean(3);
            }
        }
        ConnectionBlock block = new ConnectionBlock(into.database(), publicConnect, superuser ? limit : null);
        // said before acting: if this process dies before lift(), the operator knows how to open the database again
        context.output().info("blocking new connections to " + into.database() + "; if Ripcord stops before it allows them again: "
                + block.liftSql());
        try (Statement s = admin.createStatement()) {
            if (publicConnect) {
                s.execute("REVOKE CONNECT ON DATABASE " + db + " FROM PUBLIC");
            }
            if (superuser) {
                s.execute("ALTER DATABASE " + db + " CONNECTION LIMIT 0");
            }
        }
        return block;
    }

    String liftSql() {
        String db = PgConnections.quote(database);
        return (publicHadConnect ? "GRANT CONNECT ON DATABASE " + db + " TO PUBLIC; " : "")
                + (previousLimit != null ? "ALTER DATABASE " + db + " CONNECTION LIMIT " + previousLimit + ";" : "");
    }

    /** Allows connections again as they were; a failure is reported with the SQL to run by hand, never thrown over the restore's own result. */
    void lift(Connection admin, VerbContext context) {
        try (Statement s = admin.createStatement()) {
            if (publicHadConnect) {
                s.execute("GRANT CONNECT ON DATABASE " + PgConnections.quote(database) + " TO PUBLIC");
            }
            if (previousLimit != null) {
                s.execute("ALTER DATABASE " + PgConnections.quote(database) + " CONNECTION LIMIT " + previousLimit);
            }
            context.output().info("new connections to " + database + " are allowed again");
        } catch (SQLException e) {
            context.output().warn("could not allow connections to " + database + " again (" + e.getMessage() + "); run as a superuser: " + liftSql());
        }
    }
}
