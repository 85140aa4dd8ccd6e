package io.ripcord.stdlib.postgres;

import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.BackupTarget;
import io.ripcord.stdlib.backup.ServerTarget;
import io.ripcord.stdlib.backup.StagedRestore;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One database on a PostgreSQL server that lives in a container: {@code postgres(container: 'shop-db', database:
 * 'shop')} or {@code postgres(compose: ['shop', 'db'], database: 'shop')} (the running container with those Compose
 * labels, whichever it is after a recreation). Its tools run inside that container ({@link ContainerPgServer}). The id
 * names the container or the Compose service, never an address; {@code environment} (where the Docker Engine is) is
 * the run's, not part of what the target is.
 */
public record PostgresContainerTarget(String container, List<String> compose, String database, String user,
                                      Map<String, String> environment) implements ServerTarget, io.ripcord.stdlib.health.HealthProbe {

    static final String KIND = "postgres-container";

    public PostgresContainerTarget {
        PostgresTarget.checkDatabaseName(database);
        compose = compose == null ? null : List.copyOf(compose);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String id() {
        return "postgres:" + (container != null ? "container:" + container : "compose:" + compose.get(0) + "/" + compose.get(1)) + "/" + database;
    }

    /** "container shop-db", "compose shop/db". */
    String where() {
        return container != null ? "container " + container : "compose service " + compose.get(0) + "/" + compose.get(1);
    }

    /** What {@code docker} commands in a next: step name it. */
    String containerName() {
        return container != null ? container : compose.get(0) + "/" + compose.get(1);
    }

    PostgresContainerTarget withDatabase(String other) {
        return new PostgresContainerTarget(container, compose, other, user, environment);
    }

    /** The server, found now (running, or a failure naming the container); closed by the caller. */
    ContainerPgServer server() throws VerbFailure {
        return ContainerPgServer.connect(this, environment);
    }

    @Override
    public String stem() {
        return BackupTarget.fileSafe(database);
    }

    @Override
    public String extension(DumpOptions options) {
        return ".dump";
    }

    @Override
    public Map<String, Object> manifestSource() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", id());
        if (container != null) {
            source.put("container", container);
        } else {
            source.put("compose", compose);
        }
        source.put("database", database);
        source.put("user", user);
        return source;
    }

    @Override
    public String describeSource() {
        return PgServerDump.describe(this);
    }

    @Override
    public Dump dump(Path temp, Path artifact, String id, Compression compression, DumpOptions options, VerbContext context)
            throws VerbFailure, IOException {
        return PgServerDump.dump(this, temp, artifact, id, compression, options, context);
    }

    @Override
    public Object verifyContent(Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed)
            throws VerbFailure {
        return PgServerCheck.check(this, artifact, content, options, passed, failed);
    }

    @Override
    public List<String> plannedChecks(Verifier.Options options) {
        List<String> checks = new ArrayList<>(List.of("pg_restore in " + where() + " reads every data block (-f /dev/null)"));
        if (options.restoreTest() || options.query() != null) {
            checks.add("restore test into a scratch database in " + where() + ", dropped afterwards");
        }
        if (options.query() != null) {
            checks.add("query " + options.query() + " on it");
        }
        return checks;
    }

    @Override
    public PlannedAction planRestore(Artifact artifact, Object to, VerbContext context) {
        return PgServerRestore.plan(artifact, PgServerRestore.destination(this, to), context);
    }

    @Override
    public StagedRestore restoring(Artifact artifact, Object to, VerbContext context) {
        return new PgServerRestore(artifact, PgServerRestore.destination(this, to), context);
    }

    @Override
    public String toString() {
        return "postgres " + database + " in " + where();
    }

    @Override
    public java.util.Set<String> reads() {
        return java.util.Set.of("query", "expect");
    }

    @Override
    public String describe() {
        return toString();
    }

    /** healthCheck postgres(container: ...): {@code query:} (SELECT 1) through psql inside the container; {@code expect:} judges its value. */
    @Override
    public io.ripcord.stdlib.retry.Retry.Observation check(io.ripcord.verb.VerbCall call, java.time.Duration timeout, VerbContext context) {
        String query = call.string("query", "SELECT 1");
        try (ContainerPgServer server = server()) {
            List<List<String>> rows = server.query(database, query, "health probe of " + this, timeout);
            Object value = rows.isEmpty() ? null : PgServerCheck.typed(rows.get(0).get(0));
            if (!Verifier.expectationHolds(call.value("expect"), value)) {
                return io.ripcord.stdlib.retry.Retry.Observation.failed(query + " returned " + value + ", which does not meet expect: "
                        + io.ripcord.stdlib.backup.ExpectationText.describe(io.ripcord.stdlib.backup.ExpectationText.of(call, context)));
            }
            return io.ripcord.stdlib.retry.Retry.Observation.ok(query + " = " + value + " (in " + where() + ")");
        } catch (VerbFailure e) {
            return io.ripcord.stdlib.retry.Retry.Observation.failed(e.getMessage());
        }
    }

    @Override
    public Object journalValue() {
        return id();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresContainerTarget t && t.id().equals(id()) && t.user.equals(user);
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    /** Rebuilds a target from a manifest's source; the Docker Engine is the one this process's environment names. */
    public static final class FromManifest implements ServerTarget.Kind {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ServerTarget fromManifest(Map<String, Object> source) {
            return new PostgresContainerTarget((String) source.get("container"), (List<String>) source.get("compose"),
                    (String) source.get("database"), (String) source.get("user"), System.getenv());
        }
    }
}
