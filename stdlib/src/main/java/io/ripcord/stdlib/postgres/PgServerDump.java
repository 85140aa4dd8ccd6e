package io.ripcord.stdlib.postgres;

import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.backup.ServerTarget;
import io.ripcord.stdlib.backup.ShellQuote;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backup postgres(container: ...)}: the server's version and the database's size asked through psql, then
 * {@code pg_dump -Fc} inside the container, its output streamed into the temporary file beside the artifact;
 * {@code globals: true} adds {@code pg_dumpall --globals-only} beside it. Used for restore's safety dump too.
 */
final class PgServerDump {

    private static final String LOCK_WAIT = "--lock-wait-timeout=120000";

    private PgServerDump() {
    }

    static PgDump.ServerFacts facts(PgServer server, String database, String doing) throws VerbFailure {
        List<List<String>> rows = server.query(database, "SELECT current_setting('server_version'), pg_database_size(current_database())", doing);
        return new PgDump.ServerFacts(rows.get(0).get(0).replaceFirst(" .*", ""), Long.parseLong(rows.get(0).get(1)));
    }

    static String describe(PostgresContainerTarget target) {
        try (ContainerPgServer server = target.server()) {
            String version = server.version("pg_dump", "back up " + target);
            PgDump.ServerFacts facts = facts(server, target.database(), "cannot reach " + target);
            return "pg_dump " + version + " inside " + target.where() + " (PostgreSQL " + facts.version() + "), " + new ByteSize(facts.size())
                    + " per pg_database_size";
        } catch (VerbFailure e) {
            return "PROBLEM: " + e.getMessage();
        }
    }

    static ServerTarget.Dump dump(PostgresContainerTarget target, Path temp, Path artifact, String id, Compression compression,
                                  ServerTarget.DumpOptions options, VerbContext context) throws VerbFailure, IOException {
        String doing = "cannot back up " + target;
        if (options.jobs() > 1) {
            throw new VerbFailure(io.ripcord.problem.ProblemCode.INVALID_ARGUMENT, doing + ": jobs: " + options.jobs()
                    + " writes a directory inside the container; a container's dump is one stream", "drop jobs: for postgres(container: ...)");
        }
        try (ContainerPgServer server = target.server()) {
            String toolVersion = server.version("pg_dump", "back up " + target);
            PgDump.ServerFacts facts = facts(server, target.database(), doing);
            ContainerPgServer.ownerOnly(temp); // the dump is never readable by others
            context.output().info("pg_dump -Fc " + target.database() + " inside " + target.where() + " (" + new ByteSize(facts.size())
                    + ", PostgreSQL " + facts.version() + ")");
            PgServer.ToolRun r = server.run("pg_dump", target.database(), List.of("-Fc", LOCK_WAIT), null, temp);
            if (!r.ok()) {
                if (r.stderr().contains("could not obtain lock")) {
                    throw new VerbFailure(doing + ": another session holds a lock on a table and pg_dump gave up after 2 minutes ("
                            + PgErrors.firstLine(r.stderr()) + ")", "find it in pg_stat_activity / pg_locks and end it, then retry");
                }
                throw server.explain(doing, r.stderr());
            }
            Map<String, Object> tools = new LinkedHashMap<>();
            tools.put("pg_dump", toolVersion);
            tools.put("postgresServer", facts.version());
            Map<String, String> sidecars = new LinkedHashMap<>();
            Path globals = options.globals() ? artifact.resolveSibling(id + PgDump.GLOBALS_SUFFIX) : null;
            if (globals != null) {
                sidecars.put(globals.getFileName().toString(), dumpGlobals(server, target, globals, context));
            }
            return new ServerTarget.Dump(false, "PostgreSQL custom format (pg_dump -Fc, inside " + target.where() + ")", tools, sidecars,
                    restoreByHand(target, artifact, compression, globals));
        }
    }

    private static String dumpGlobals(ContainerPgServer server, PostgresContainerTarget target, Path file, VerbContext context) throws VerbFailure, IOException {
        Path temp = AtomicFile.tempFor(file);
        try {
            ContainerPgServer.ownerOnly(temp); // role password hashes
            PgServer.ToolRun r = server.run("pg_dumpall", PgConnections.maintenanceDatabase(target.database()), List.of("--globals-only"), null, temp);
            if (!r.ok()) {
                throw server.explain("cannot dump the roles of " + target + " (globals: true)", r.stderr());
            }
            return PgDump.placeGlobals(temp, file, context);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The commands that restore this backup without Ripcord, as safely as Ripcord does: streamed into the container's pg_restore. */
    static String restoreByHand(PostgresContainerTarget target, Path artifact, Compression compression, Path globals) {
        String exec = target.container() != null ? "docker exec -i -u postgres " + ShellQuote.of(target.container())
                : "docker compose -p " + ShellQuote.of(target.compose().get(0)) + " exec -T -u postgres " + ShellQuote.of(target.compose().get(1));
        String user = " -U " + ShellQuote.of(target.user());
        String prefix = globals == null ? "" : exec + " psql" + user + " -d postgres < " + ShellQuote.of(globals) + " && ";
        String restore = exec + " pg_restore" + user + " -d " + ShellQuote.of(target.database()) + " --clean --if-exists --single-transaction --exit-on-error";
        String file = ShellQuote.of(artifact);
        return prefix + (compression == Compression.NONE ? restore + " < " + file : compression.catCommand + " " + file + " | " + restore);
    }
}
