package io.ripcord.stdlib.postgres;

import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What verify checks in a pg_dump archive once its SHA-256 matched: that this pg_restore can read its format at all
 * (a newer pg_dump's archive is refused by name), then {@code pg_restore -f /dev/null}, which reads every data block
 * — {@code pg_restore -l} only reads the table of contents, so a dump truncated half-way passes it. With
 * {@code restoreTest:} (or a {@code query:}) the archive is restored into a scratch database, the query runs there,
 * and the scratch database is dropped.
 */
final class PgArchiveCheck {

    private PgArchiveCheck() {
    }

    /** Returns what {@code query:} gave on the restored copy, or null. */
    static Object check(PostgresTarget source, Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed)
            throws VerbFailure {
        try {
            Path pgRestore;
            try {
                pgRestore = PgTools.find("pg_restore", "verify " + artifact.id());
            } catch (VerbFailure e) {
                throw undecided(e.getMessage(), e.next());
            }
            String format = format(content);
            CommandResult list = PgTools.run(pgRestore, List.of("-l", content.toString()), source, PgTools.LONG);
            refuseNewer(list, pgRestore, artifact, format);
            if (list.exitCode() != 0) {
                failed.add("pg_restore cannot read its table of contents: " + PgErrors.lastLines(list.stderr(), 3));
                return null;
            }
            long entries = list.stdout().lines().filter(l -> !l.startsWith(";") && !l.isBlank()).count();
            CommandResult read = PgTools.run(pgRestore, List.of("-f", "/dev/null", content.toString()), source, PgTools.LONG);
            if (read.exitCode() != 0) {
                failed.add("pg_restore could not read every data block (the dump is damaged or incomplete): "
                        + PgErrors.lastLines(read.stderr(), 3));
                return null;
            }
            passed.add("pg_restore read every data block (-f /dev/null): " + entries + " entries, archive format " + format);
            if (options.restoreTest() || options.query() != null) {
                return restoreTest(pgRestore, source, artifact, content, options, passed, failed);
            }
        } catch (VerbFailure e) {
            if (!Verifier.isVerdict(e)) {
                throw e;
            }
            failed.add(e.getMessage() + (e.next() == null ? "" : " (" + e.next() + ")"));
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith("Cannot run program")) {
                throw undecided("cannot run pg_restore: " + e.getMessage(), "check the PostgreSQL client programs on PATH, then verify again");
            }
            failed.add("cannot run pg_restore: " + e.getMessage());
        }
        return null;
    }

    /**
     * The verify could not look at the archive — pg_restore missing, not runnable, or older than the archive: that
     * says nothing about the backup, so it is not recorded as a failed verify (which would make restore refuse a
     * good backup for good).
     */
    static VerbFailure undecided(String message, String next) {
        return new VerbFailure(io.ripcord.problem.ProblemCode.ENGINE_UNAVAILABLE, message + "; nothing was decided about the backup", next);
    }

    /** The archive's format version from its header: "PGDMP", then major, minor, revision. */
    static String format(Path content) throws VerbFailure, IOException {
        Path header = Files.isDirectory(content) ? content.resolve("toc.dat") : content;
        byte[] head;
        try (InputStream in = Files.newInputStream(header)) {
            head = in.readNBytes(8);
        }
        if (head.length < 8 || !new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
            throw new VerbFailure("it is not a pg_dump archive (its header is " + HexFormat.of().formatHex(head) + ")",
                    "back up with Ripcord's backup postgres(...)");
        }
        return head[5] + "." + head[6];
    }

    /** An archive from a newer pg_dump is refused by name, with what to install, rather than with pg_restore's words. */
    static void refuseNewer(CommandResult list, Path pgRestore, Artifact artifact, String format) throws VerbFailure {
        if (!list.stderr().contains("unsupported version")) {
            return;
        }
        String dumpVersion = artifact.manifest().get("tools") instanceof Map<?, ?> tools && tools.get("pg_dump") != null
                ? String.valueOf(tools.get("pg_dump")) : null;
        String version = PgTools.version(pgRestore);
        int needed = dumpVersion != null && PgTools.major(dumpVersion) > PgTools.major(version) ? PgTools.major(dumpVersion) : PgTools.major(version) + 1;
        throw undecided("pg_restore " + version + " (" + pgRestore + ") is older than the archive: its format " + format
                + (dumpVersion == null ? "" : ", written by pg_dump " + dumpVersion + ",") + " is newer than this pg_restore can read",
                "install PostgreSQL " + needed + "'s client programs (apt-get install postgresql-client-" + needed
                        + ") and put them first on PATH, then retry");
    }

    private static Object restoreTest(Path pgRestore, PostgresTarget source, Artifact artifact, Path content, Verifier.Options options,
                                    List<String> passed, List<String> failed) throws VerbFailure, IOException {
        // the creation time in the name: scratch databases a killed restore test left behind are found and dropped
        String scratch = SCRATCH_PREFIX + System.currentTimeMillis() + "_" + Long.toHexString(System.nanoTime() & 0xffffL);
        PostgresTarget test = source.withDatabase(scratch);
        String doing = "restore test of " + artifact.id() + " on " + source.host() + ":" + source.port();
        try (Connection admin = PgConnections.open(source, PgConnections.maintenanceDatabase(scratch), doing)) {
            dropStaleScratch(admin);
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + PgConnections.quote(scratch) + " TEMPLATE template0");
            } catch (SQLException e) {
                throw PgErrors.scratchRefused(doing, source.user(), "on " + source.host() + ":" + source.port(), e.getMessage());
            }
            try {
                List<String> args = new ArrayList<>(PgTools.connection(test, scratch));
                args.addAll(List.of("--no-owner", "--no-privileges", "--exit-on-error", content.toString()));
                CommandResult r = PgTools.run(pgRestore, args, test, PgTools.LONG);
                if (r.exitCode() != 0) {
                    failed.add("restore test into a scratch database failed: " + PgErrors.lastLines(r.stderr(), 3));
                    return null;
                }
                passed.add("restore test: restored into scratch database " + scratch + " on " + source.host() + ":" + source.port());
                return options.query() == null ? null : query(test, options, passed, failed);
            } finally {
                try {
                    drop(admin, scratch);
                } catch (SQLException e) {
                    // the test's own result stands; the leftover is named, and the next restore test drops it
                    failed.add("the scratch database " + scratch + " could not be dropped (" + e.getMessage() + "); drop it by hand");
                }
            }
        } catch (SQLException e) {
            failed.add(doing + " failed: " + e.getMessage());
            return null;
        }
    }

    static final String SCRATCH_PREFIX = "ripcord_verify_";
    static final long STALE_AFTER_MILLIS = java.time.Duration.ofHours(6).toMillis();

    /** Scratch databases of restore tests that were killed more than six hours ago: nobody is using them. */
    private static void dropStaleScratch(Connection admin) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (Statement s = admin.createStatement();
             ResultSet r = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'ripcord\\_verify\\_%'")) {
            while (r.next()) {
                String[] parts = r.getString(1).substring(SCRATCH_PREFIX.length()).split("_");
                try {
                    if (System.currentTimeMillis() - Long.parseLong(parts[0]) > STALE_AFTER_MILLIS) {
                        stale.add(r.getString(1));
                    }
                } catch (NumberFormatException e) {
                    // an older name without its time: left alone
                }
            }
        }
        for (String name : stale) {
            drop(admin, name);
        }
    }

    /** DROP ... WITH (FORCE) needs PostgreSQL 13; before it, sessions are ended first. */
    private static void drop(Connection admin, String database) throws SQLException {
        try (Statement s = admin.createStatement()) {
            if (admin.getMetaData().getDatabaseMajorVersion() >= 13) {
                s.execute("DROP DATABASE IF EXISTS " + PgConnections.quote(database) + " WITH (FORCE)");
            } else {
                try (java.sql.PreparedStatement end = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    end.setString(1, database);
                    end.executeQuery().close();
                }
                s.execute("DROP DATABASE IF EXISTS " + PgConnections.quote(database));
            }
        }
    }

    private static Object query(PostgresTarget test, Verifier.Options options, List<String> passed, List<String> failed) throws VerbFailure {
        try (Connection c = PgConnections.open(test, test.database(), "cannot run the query on the restored scratch database");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(options.query())) {
            Object value = r.next() ? r.getObject(1) : null;
            if (Verifier.expectationHolds(options.expect(), value)) {
                passed.add("query " + options.query() + " = " + value);
                return value;
            } else {
                failed.add("query " + options.query() + " returned " + value + ", which does not meet expect: "
                        + io.ripcord.stdlib.backup.ExpectationText.describe(options.expect()));
            }
        } catch (SQLException e) {
            failed.add("query " + options.query() + " failed on the restored copy: " + e.getMessage());
        }
        return null;
    }
}
