package io.ripcord.stdlib.postgres;

import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.BackupTarget;
import io.ripcord.stdlib.backup.ExpectationText;
import io.ripcord.stdlib.backup.ServerTarget;
import io.ripcord.stdlib.backup.StagedRestore;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One database on a PostgreSQL server. Its id ({@code postgres:host:port/database}) is what the catalog and the
 * journal know; the password is never part of it, of its text, or of a manifest — it comes from {@code secret(...)}
 * (remembered for this process by {@link PostgresLogins}) or from PGPASSFILE / ~/.pgpass.
 */
public record PostgresTarget(String host, int port, String database, String user, String password) implements ServerTarget,
        io.ripcord.stdlib.health.HealthProbe {

    static final String KIND = "postgres";

    public PostgresTarget {
        checkDatabaseName(database);
        PostgresLogins.remember(host, port, user, password);
    }

    static void checkDatabaseName(String database) {
        if (database != null && (database.contains("=") || database.contains("://"))) {
            // libpq reads such a -d value as a connection string: "x dbname=prod" would dump and restore prod
            throw new io.ripcord.problem.RunbookException(io.ripcord.problem.Problem.of(io.ripcord.problem.ProblemCode.INVALID_ARGUMENT,
                    "'" + database + "' is not a database name Ripcord accepts: the PostgreSQL tools would read it as a connection string", null)
                    .withNext("give the database's plain name (no '=' and no '://')"));
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String id() {
        return KIND + ":" + host + ":" + port + "/" + database;
    }

    @Override
    public String stem() {
        return BackupTarget.fileSafe(database);
    }

    @Override
    public String extension(DumpOptions options) {
        return options.jobs() > 1 ? ".dir.tar" : ".dump";
    }

    /** The password given, or the one a target of the same login was given in this process; null: PGPASSFILE decides. */
    String effectivePassword() {
        return password != null ? password : PostgresLogins.find(host, port, user);
    }

    /** The same server and login, another database. */
    public PostgresTarget withDatabase(String other) {
        return new PostgresTarget(host, port, other, user, password);
    }

    /** "app@db.internal:5432" */
    String where() {
        return database + "@" + host + ":" + port;
    }

    @Override
    public Map<String, Object> manifestSource() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", id());
        source.put("host", host);
        source.put("port", port);
        source.put("database", database);
        source.put("user", user);
        return source;
    }

    @Override
    public String describeSource() {
        return PgDump.describe(this);
    }

    @Override
    public Dump dump(Path temp, Path artifact, String id, Compression compression, DumpOptions options, VerbContext context)
            throws VerbFailure, IOException {
        return PgDump.dump(this, temp, artifact, id, compression, options, context);
    }

    @Override
    public Object verifyContent(Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed)
            throws VerbFailure {
        return PgArchiveCheck.check(this, artifact, content, options, passed, failed);
    }

    @Override
    public List<String> plannedChecks(Verifier.Options options) {
        List<String> checks = new java.util.ArrayList<>(List.of("pg_restore reads every data block (-f /dev/null)"));
        if (options.restoreTest() || options.query() != null) {
            checks.add("restore test into a scratch database on " + host + ":" + port + ", dropped afterwards");
        }
        if (options.query() != null) {
            checks.add("query " + options.query() + " on it");
        }
        return checks;
    }

    @Override
    public PlannedAction planRestore(Artifact artifact, Object to, VerbContext context) {
        return PgRestore.plan(artifact, PgRestore.destination(this, to), context);
    }

    @Override
    public StagedRestore restoring(Artifact artifact, Object to, VerbContext context) {
        return new PgRestore(artifact, PgRestore.destination(this, to), context);
    }

    @Override
    public String toString() {
        return "postgres " + where();
    }

    @Override
    public java.util.Set<String> reads() {
        return java.util.Set.of("query", "expect");
    }

    @Override
    public String describe() {
        return toString();
    }

    @Override
    public Object journalValue() {
        return id();
    }

    /** healthCheck postgres(...): connects and runs {@code query:} (SELECT 1) within the attempt's timeout; {@code expect:} judges its value. */
    @Override
    public io.ripcord.stdlib.retry.Retry.Observation check(io.ripcord.verb.VerbCall call, java.time.Duration timeout,
                                                           VerbContext context) {
        String query = call.string("query", "SELECT 1");
        try {
            PostgresProbe.Result result = PostgresProbe.probe(this, query, timeout);
            if (!io.ripcord.stdlib.backup.Verifier.expectationHolds(call.value("expect"), result.value())) {
                return io.ripcord.stdlib.retry.Retry.Observation.failed(query + " returned " + result.value() + ", which does not meet expect: "
                        + ExpectationText.describe(ExpectationText.of(call, context)));
            }
            return io.ripcord.stdlib.retry.Retry.Observation.ok(query + " = " + result.value() + " (PostgreSQL " + result.serverVersion() + ")");
        } catch (VerbFailure e) {
            return io.ripcord.stdlib.retry.Retry.Observation.failed(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresTarget t && t.id().equals(id()) && t.user.equals(user);
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    /** Rebuilds a target from a manifest's source (the password, if any, from this process's logins). */
    public static final class FromManifest implements ServerTarget.Kind {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public ServerTarget fromManifest(Map<String, Object> source) {
            return new PostgresTarget((String) source.get("host"), ((Number) source.get("port")).intValue(),
                    (String) source.get("database"), (String) source.get("user"), null);
        }
    }
}
