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
        Path record = stateDir.resolve(".ripcord-blocked-" + BackupTarget.fileSafe(into.id()) + ".json");
        Files.createDirectories(stateDir);
        if (Files.isRegularFile(record)) {
            Map<?, ?> earlier = (Map<?, ?>) new JsonSlurper().parse(record.toFile());
            ConnectionBlock block = new ConnectionBlock(into.database(), Boolean.TRUE.equals(earlier.get("publicHadConnect")),
                    earlier.get("previousLimit") == null ? null : ((Number) earlier.get("previousLimit")).intValue(), record);
            context.output().warn("an earlier restore of " + into.database() + " stopped while connections were blocked; "
                    + "the settings it recorded will be put back: " + block.liftSql());
            block.block(admin); // again: someone may have opened it by hand meanwhile
            return block;
        }
        boolean publicConnect;
        int limit;
        boolean superuser;
        try (PreparedStatement s = admin.prepareStatement("SELECT has_database_privilege('public', oid, 'CONNECT'), datconnlimit, "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_database WHERE datname = ?")) {
            s.setString(1, into.database());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("database " + into.database() + " does not exist");
                }
                publicConnect = r.getBoolean(1);
                limit = r.getInt(2);
                superuser = r.getBoolean(3);
            }
        }
        if (limit == 0) {
            throw new BlockedWithoutRecord("connections to " + into.database() + " are already blocked (CONNECTION LIMIT 0) and no record of an "
                    + "interrupted Ripcord restore explains it, so its real settings are unknown");
        }
        ConnectionBlock block = new ConnectionBlock(into.database(), publicConnect, superuser ? limit : null, record);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("database", into.id());
        saved.put("publicHadConnect", publicConnect);
        saved.put("previousLimit", superuser ? limit : null);
        byte[] json = JsonOutput.toJson(saved).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(record, out -> {
            out.write(json);
            return null;
        });
        // said before acting: if this process dies before lift(), the operator knows how to open the database again
        context.output().info("blocking new connections to " + into.database() + "; if Ripcord stops before it allows them again: "
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

    private void block(Connection admin) throws SQLException {
        String db = PgConnections.quote(database);
        try (Statement s = admin.createStatement()) {
            if (publicHadConnect) {
                s.execute("REVOKE CONNECT ON DATABASE " + db + " FROM PUBLIC");
            }
            if (previousLimit != null) {
                s.execute("ALTER DATABASE " + db + " CONNECTION LIMIT 0");
            }
        }
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
            Files.deleteIfExists(record);
        } catch (SQLException | IOException e) {
            context.output().warn("could not allow connections to " + database + " again (" + e.getMessage() + "); run as a superuser: " + liftSql());
        }
    }
}
