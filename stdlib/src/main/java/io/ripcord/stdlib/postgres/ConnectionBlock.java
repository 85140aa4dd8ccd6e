package io.ripcord.stdlib.postgres;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.stdlib.backup.BackupTarget;
import io.ripcord.files.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ripcord.verb.VerbContext;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * New connections to a database refused while it is restored, and allowed again afterwards exactly as before:
 * REVOKE CONNECT FROM PUBLIC (when PUBLIC had it), and CONNECTION LIMIT 0 when the restoring role is a superuser
 * (superusers ignore the limit, so pg_dump and pg_restore still connect; an owner that is not one would not).
 */
final class ConnectionBlock {

    private final String database;
    private final boolean publicHadConnect;
    private final Integer previousLimit; // null: the limit was not changed
    private final Path record;

    private ConnectionBlock(String database, boolean publicHadConnect, Integer previousLimit, Path record) {
        this.database = database;
        this.publicHadConnect = publicHadConnect;
        this.previousLimit = previousLimit;
        this.record = record;
    }

    /**
     * Blocks new connections. The settings found are first written to a record in {@code stateDir} (Ripcord's home,
     * keyed by the database, wherever its backups are) and the record is deleted only once they are back: a restore
     * killed in between leaves it, and the next restore of the same database puts back what the record says rather
     * than the blocked values it now sees. A database found blocked with no record to explain it is refused: its real
     * settings are unknown. The caller holds the database's restore lock, so two restores never share a record.
     */
    static ConnectionBlock apply(Connection admin, PostgresTarget into, Path stateDir, VerbContext context) throws SQLException, IOException {
        return apply(PgSql.of(admin), into.database(), into.id(), stateDir, context);
    }

    /** The same for a database named {@code database} whose target id is {@code id}, through any session. */
    static ConnectionBlock apply(PgSql admin, String database, String id, Path stateDir, VerbContext context) throws SQLException, IOException {
        Path record = stateDir.resolve(".ripcord-blocked-" + BackupTarget.fileSafe(id) + ".json");
        Files.createDirectories(stateDir);
        if (Files.isRegularFile(record)) {
            Map<?, ?> earlier = (Map<?, ?>) new JsonSlurper().parse(record.toFile());
            ConnectionBlock block = new ConnectionBlock(database, Boolean.TRUE.equals(earlier.get("publicHadConnect")),
                    earlier.get("previousLimit") == null ? null : ((Number) earlier.get("previousLimit")).intValue(), record);
            context.output().warn("an earlier restore of " + database + " stopped while connections were blocked; "
                    + "the settings it recorded will be put back: " + block.liftSql());
            block.block(admin); // again: someone may have opened it by hand meanwhile
            return block;
        }
        java.util.List<java.util.List<String>> rows = admin.rows("SELECT has_database_privilege('public', oid, 'CONNECT')::int, datconnlimit, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)::int FROM pg_database WHERE datname = " + PgServer.literal(database));
        if (rows.isEmpty()) {
            throw new SQLException("database " + database + " does not exist");
        }
        boolean publicConnect = rows.get(0).get(0).equals("1");
        int limit = Integer.parseInt(rows.get(0).get(1));
        boolean superuser = rows.get(0).get(2).equals("1");
        if (limit == 0) {
            throw new BlockedWithoutRecord("connections to " + database + " are already blocked (CONNECTION LIMIT 0) and no record of an "
                    + "interrupted Ripcord restore explains it, so its real settings are unknown");
        }
        ConnectionBlock block = new ConnectionBlock(database, publicConnect, superuser ? limit : null, record);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("database", id);
        saved.put("publicHadConnect", publicConnect);
        saved.put("previousLimit", superuser ? limit : null);
        byte[] json = JsonOutput.toJson(saved).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(record, out -> {
            out.write(json);
            return null;
        });
        // said before acting: if this process dies before lift(), the operator knows how to open the database again
        context.output().info("blocking new connections to " + database + "; if Ripcord stops before it allows them again: "
                + block.liftSql());
        block.block(admin);
        return block;
    }

    /** Thrown when the database is blocked and nothing says how it was before. */
    static final class BlockedWithoutRecord extends SQLException {
        BlockedWithoutRecord(String message) {
            super(message);
        }
    }

    private void block(PgSql admin) throws SQLException {
        String db = PgConnections.quote(database);
        if (publicHadConnect) {
            admin.execute("REVOKE CONNECT ON DATABASE " + db + " FROM PUBLIC");
        }
        if (previousLimit != null) {
            admin.execute("ALTER DATABASE " + db + " CONNECTION LIMIT 0");
        }
    }

    String liftSql() {
        String db = PgConnections.quote(database);
        return (publicHadConnect ? "GRANT CONNECT ON DATABASE " + db + " TO PUBLIC; " : "")
                + (previousLimit != null ? "ALTER DATABASE " + db + " CONNECTION LIMIT " + previousLimit + ";" : "");
    }

    /** Allows connections again as they were; a failure is reported with the SQL to run by hand, never thrown over the restore's own result. */
    void lift(Connection admin, VerbContext context) {
        lift(PgSql.of(admin), context);
    }

    void lift(PgSql admin, VerbContext context) {
        try {
            if (publicHadConnect) {
                admin.execute("GRANT CONNECT ON DATABASE " + PgConnections.quote(database) + " TO PUBLIC");
            }
            if (previousLimit != null) {
                admin.execute("ALTER DATABASE " + PgConnections.quote(database) + " CONNECTION LIMIT " + previousLimit);
            }
            context.output().info("new connections to " + database + " are allowed again");
            Files.deleteIfExists(record);
        } catch (SQLException | IOException e) {
            context.output().warn("could not allow connections to " + database + " again (" + e.getMessage() + "); run as a superuser: " + liftSql());
        }
    }
}
