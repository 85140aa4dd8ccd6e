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

    static void check(PostgresTarget source, Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed) {
        try {
            Path pgRestore = PgTools.find("pg_restore", "verify " + artifact.id());
            String format = format(content);
            CommandResult list = PgTools.run(pgRestore, List.of("-l", content.toString()), source, PgTools.LONG);
            refuseNewer(list, pgRestore, artifact, format);
            if (list.exitCode() != 0) {
                failed.add("pg_restore cannot read its table of contents: " + PgErrors.lastLines(list.stderr(), 3));
                return;
            }
            long entries = list.stdout().lines().filter(l -> !l.startsWith(";") && !l.isBlank()).count();
            CommandResult read = PgTools.run(pgRestore, List.of("-f", "/dev/null", content.toString()), source, PgTools.LONG);
            if (read.exitCode() != 0) {
                failed.add("pg_restore could not read every data block (the dump is damaged or incomplete): "
                        + PgErrors.lastLines(read.stderr(), 3));
                return;
            }
            passed.add("pg_restore read every data block (-f /dev/null): " + entries + " entries, archive format " + format);
            if (options.restoreTest() || options.query() != null) {
                restoreTest(pgRestore, source, artifact, content, options, passed, failed);
            }
        } catch (VerbFailure e) {
            failed.add(e.getMessage() + (e.next() == null ? "" : " (" + e.next() + ")"));
        } catch (IOException e) {
            failed.add("cannot run pg_restore: " + e.getMessage());
        }
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
        throw new VerbFailure("pg_restore " + version + " (" + pgRestore + ") is older than the archive: its format " + format
                + (dumpVersion == null ? "" : ", written by pg_dump " + dumpVersion + ",") + " is newer than this pg_restore can read",
                "install PostgreSQL " + needed + "'s client programs (apt-get install postgresql-client-" + needed
                        + ") and put them first on PATH, then retry");
    }

    private static void restoreTest(Path pgRestore, PostgresTarget source, Artifact artifact, Path content, Verifier.Options options,
                                    List<String> passed, List<String> failed) throws VerbFailure, IOException {
        String scratch = "ripcord_verify_" + Long.toHexString(System.nanoTime() & 0xffffffffL);
        PostgresTarget test = source.withDatabase(scratch);
        String doing = "restore test of " + artifact.id() + " on " + source.host() + ":" + source.port();
        try (Connection admin = PgConnections.open(source, PgConnections.maintenanceDatabase(scratch), doing)) {
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + PgConnections.quote(scratch) + " TEMPLATE template0");
            }
            try {
                List<String> args = new ArrayList<>(PgTools.connection(test, scratch));
                args.addAll(List.of("--no-owner", "--no-privileges", "--exit-on-error", content.toString()));
                CommandResult r = PgTools.run(pgRestore, args, test, PgTools.LONG);
                if (r.exitCode() != 0) {
                    failed.add("restore test into a scratch database failed: " + PgErrors.lastLines(r.stderr(), 3));
                    return;
                }
                passed.add("restore test: restored into scratch database " + scratch + " on " + source.host() + ":" + source.port());
                if (options.query() != null) {
                    query(test, options, passed, failed);
                }
            } finally {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + PgConnections.quote(scratch) + " WITH (FORCE)");
                }
            }
        } catch (SQLException e) {
            failed.add(doing + " failed: " + e.getMessage());
        }
    }

    private static void query(PostgresTarget test, Verifier.Options options, List<String> passed, List<String> failed) throws VerbFailure {
        try (Connection c = PgConnections.open(test, test.database(), "cannot run the query on the restored scratch database");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(options.query())) {
            Object value = r.next() ? r.getObject(1) : null;
            if (Verifier.expectationHolds(options.expect(), value)) {
                passed.add("query " + options.query() + " = " + value);
            } else {
                failed.add("query " + options.query() + " returned " + value + ", which does not meet expect:");
            }
        } catch (SQLException e) {
            failed.add("query " + options.query() + " failed on the restored copy: " + e.getMessage());
        }
    }
}
