package io.ripcord.stdlib.postgres;

import io.ripcord.stdlib.backup.ShellQuote;

import io.ripcord.stdlib.backup.ServerTarget;
import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.stdlib.storage.HashingInputStream;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backup postgres(...)}: asks the server its version and the database's size, then {@code pg_dump -Fc} (or
 * {@code -Fd -j N}) into a temporary name beside the artifact; {@code globals: true} adds {@code pg_dumpall
 * --globals-only} as a file beside it. Used for restore's safety dump too.
 */
final class PgDump {

    static final String GLOBALS_SUFFIX = ".globals.sql";
    /** A table another session keeps locked must fail the backup clearly, not hang it. */
    private static final String LOCK_WAIT = "--lock-wait-timeout=120000";

    private PgDump() {
    }

    /** What the server says about the database now: version and size. */
    record ServerFacts(String version, long size) {
    }

    static ServerFacts facts(PostgresTarget target, String doing) throws VerbFailure {
        try (Connection c = PgConnections.open(target, target.database(), doing);
             PreparedStatement s = c.prepareStatement("SELECT current_setting('server_version'), pg_database_size(current_database())");
             ResultSet r = s.executeQuery()) {
            r.next();
            return new ServerFacts(r.getString(1).replaceFirst(" .*", ""), r.getLong(2));
        } catch (SQLException e) {
            throw PgErrors.explain(doing, target, e.getMessage());
        }
    }

    /** The plan's view of the source: tools, server version and size, or what stops the backup now. */
    static String describe(PostgresTarget target) {
        Path pgDump = PgTools.locate("pg_dump");
        if (pgDump == null) {
            return "PROBLEM: pg_dump is not installed; " + PgTools.INSTALL;
        }
        try {
            ServerFacts facts = facts(target, "cannot reach " + target);
            return "pg_dump " + PgTools.version(pgDump) + " of PostgreSQL " + facts.version() + ", " + new ByteSize(facts.size())
                    + " per pg_database_size";
        } catch (VerbFailure e) {
            return "PROBLEM: " + e.getMessage();
        }
    }

    static ServerTarget.Dump dump(PostgresTarget target, Path temp, Path artifact, String id, Compression compression,
                                  ServerTarget.DumpOptions options, VerbContext context) throws VerbFailure, IOException {
        String doing = "cannot back up " + target;
        Path pgDump = PgTools.find("pg_dump", "back up " + target);
        String toolVersion = PgTools.version(pgDump);
        ServerFacts facts = facts(target, doing);
        if (PgTools.major(toolVersion) >= 0 && PgTools.major(toolVersion) < PgTools.major(facts.version())) {
            throw new VerbFailure(doing + ": pg_dump " + toolVersion + " (" + pgDump + ") is older than the server, PostgreSQL "
                    + facts.version() + ", and cannot dump it", "install postgresql-client-" + PgTools.major(facts.version())
                    + " and put it first on PATH");
        }
        boolean directory = options.jobs() > 1;
        if (!directory) {
            ownerOnly(temp); // pg_dump truncates and writes into it, so the dump is never readable by others
        }
        List<String> args = new ArrayList<>(PgTools.connection(target, target.database()));
        args.addAll(directory ? List.of("-Fd", "-j", String.valueOf(options.jobs())) : List.of("-Fc"));
        args.addAll(List.of(LOCK_WAIT, "-f", temp.toString()));
        context.output().info("pg_dump " + (directory ? "-Fd -j " + options.jobs() : "-Fc") + " " + target.where() + " ("
                + new ByteSize(facts.size()) + ", PostgreSQL " + facts.version() + ")");
        CommandResult r = PgTools.run(pgDump, args, target, PgTools.LONG);
        if (r.exitCode() != 0) {
            String said = r.stderr();
            if (said.contains("could not obtain lock")) {
                throw new VerbFailure(doing + ": another session holds a lock on a table and pg_dump gave up after 2 minutes ("
                        + PgErrors.firstLine(said) + ")", "find it in pg_stat_activity / pg_locks and end it, then retry");
            }
            throw PgErrors.explain(doing, target, said);
        }
        Map<String, Object> tools = new LinkedHashMap<>();
        tools.put("pg_dump", toolVersion);
        tools.put("postgresServer", facts.version());
        Map<String, String> sidecars = new LinkedHashMap<>();
        if (options.globals()) {
            sidecars.put(id + GLOBALS_SUFFIX, dumpGlobals(target, artifact.resolveSibling(id + GLOBALS_SUFFIX), context));
        }
        String format = directory ? "PostgreSQL directory format (pg_dump -Fd -j " + options.jobs() + "), archived as tar"
                : "PostgreSQL custom format (pg_dump -Fc)";
        return new ServerTarget.Dump(directory, format, tools, sidecars,
                restoreByHand(target, artifact, compression, directory, options.globals() ? artifact.resolveSibling(id + GLOBALS_SUFFIX) : null));
    }

    /** Roles and tablespaces (pg_dumpall --globals-only), written atomically beside the dump; returns its SHA-256. */
    private static String dumpGlobals(PostgresTarget target, Path file, VerbContext context) throws VerbFailure, IOException {
        Path pgDumpall = PgTools.find("pg_dumpall", "back up the roles of " + target + " (globals: true)");
        Path temp = AtomicFile.tempFor(file);
        try {
            ownerOnly(temp); // role password hashes
            List<String> args = new ArrayList<>(PgTools.connection(target, PgConnections.maintenanceDatabase(target.database())));
            args.set(args.indexOf("-d"), "-l"); // pg_dumpall names its database -l
            args.addAll(List.of("--globals-only", "-f", temp.toString()));
            CommandResult r = PgTools.run(pgDumpall, args, target, PgTools.LONG);
            if (r.exitCode() != 0) {
                throw PgErrors.explain("cannot dump the roles of " + target + " (globals: true)", target, r.stderr());
            }
            return placeGlobals(temp, file, context);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The globals pg_dumpall wrote into {@code temp}, hashed, synced and renamed to {@code file}; returns its SHA-256. */
    static String placeGlobals(Path temp, Path file, VerbContext context) throws IOException {
        String sha;
        try (HashingInputStream in = new HashingInputStream(Files.newInputStream(temp))) {
            in.drain();
            sha = in.sha256();
        }
        AtomicFile.fsync(temp);
        AtomicFile.moveIntoPlace(temp, file);
        context.output().info("pg_dumpall --globals-only: " + file.getFileName());
        return sha;
    }

    private static void ownerOnly(Path file) throws IOException {
        io.ripcord.files.AtomicFile.createPrivateFile(file).close();
    }

    /** The commands that restore this backup without Ripcord, as safely as Ripcord does (one transaction). */
    static String restoreByHand(PostgresTarget target, Path artifact, Compression compression, boolean directory, Path globals) {
        String conn = "-h " + ShellQuote.of(target.host()) + " -p " + target.port() + " -U " + ShellQuote.of(target.user());
        String file = ShellQuote.of(artifact);
        String prefix = globals == null ? "" : "psql " + conn + " -d postgres -f " + ShellQuote.of(globals) + " && ";
        String restore = "pg_restore " + conn + " -d " + ShellQuote.of(target.database()) + " --clean --if-exists --single-transaction --exit-on-error ";
        if (directory) {
            return prefix + "d=$(mktemp -d) && " + compression.catCommand + " " + file + " | tar -xf - -C \"$d\" && " + restore + "\"$d\"";
        }
        return prefix + (compression == Compression.NONE ? restore + file : compression.catCommand + " " + file + " | " + restore);
    }
}
