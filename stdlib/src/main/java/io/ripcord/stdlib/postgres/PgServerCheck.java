package io.ripcord.stdlib.postgres;

import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.ExpectationText;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * Verify's content checks for a container's dump, the same as {@link PgArchiveCheck} makes with host tools: the
 * archive's header, {@code pg_restore -l}, then {@code pg_restore -f /dev/null} reading every data block — each with
 * the dump streamed into the container's own pg_restore; {@code restoreTest:} / {@code query:} restore it into a
 * scratch database in the same container, run the query there, and drop it.
 */
final class PgServerCheck {

    private PgServerCheck() {
    }

    /** Returns what {@code query:} gave on the restored copy, or null. */
    static Object check(PostgresContainerTarget source, Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed)
            throws VerbFailure {
        try (ContainerPgServer server = source.server()) {
            String version = server.version("pg_restore", "verify " + artifact.id());
            String format = PgArchiveCheck.format(content);
            PgServer.ToolRun list = server.run("pg_restore", null, List.of("-l"), content, null);
            if (list.stderr().contains("unsupported version")) {
                throw PgArchiveCheck.undecided("pg_restore " + version + " in " + source.where() + " is older than the archive (format " + format + ")",
                        "verify or restore it with a server of the version that wrote it");
            }
            if (!list.ok()) {
                failed.add("pg_restore cannot read its table of contents: " + PgErrors.lastLines(list.stderr(), 3));
                return null;
            }
            PgServer.ToolRun read = server.run("pg_restore", null, List.of("-f", "/dev/null"), content, null);
            if (!read.ok()) {
                failed.add("pg_restore could not read every data block (the dump is damaged or incomplete): " + PgErrors.lastLines(read.stderr(), 3));
                return null;
            }
            passed.add("pg_restore " + version + " in " + source.where() + " read every data block (-f /dev/null), archive format " + format);
            if (options.restoreTest() || options.query() != null) {
                return restoreTest(server, source, artifact, content, options, passed, failed);
            }
        } catch (VerbFailure e) {
            if (!Verifier.isVerdict(e)) {
                throw e;
            }
            failed.add(e.getMessage() + (e.next() == null ? "" : " (" + e.next() + ")"));
        } catch (IOException e) {
            failed.add("cannot stream the dump into " + source.where() + ": " + e.getMessage());
        }
        return null;
    }

    private static Object restoreTest(ContainerPgServer server, PostgresContainerTarget source, Artifact artifact, Path content, Verifier.Options options,
                                    List<String> passed, List<String> failed) throws VerbFailure, IOException {
        String scratch = PgArchiveCheck.SCRATCH_PREFIX + System.currentTimeMillis() + "_" + Long.toHexString(System.nanoTime() & 0xffffL);
        String admin = PgConnections.maintenanceDatabase(scratch);
        String doing = "restore test of " + artifact.id() + " in " + source.where();
        dropStaleScratch(server, admin, doing);
        try {
            server.query(admin, "CREATE DATABASE " + PgConnections.quote(scratch) + " TEMPLATE template0", doing);
        } catch (VerbFailure e) {
            throw Verifier.isVerdict(e) ? PgErrors.scratchRefused(doing, source.user(), "in " + source.where(), e.getMessage()) : e;
        }
        try {
            PgServer.ToolRun r = server.run("pg_restore", scratch, List.of("--no-owner", "--no-privileges", "--exit-on-error"), content, null);
            if (!r.ok()) {
                failed.add("restore test into a scratch database failed: " + PgErrors.lastLines(r.stderr(), 3));
                return null;
            }
            passed.add("restore test: restored into scratch database " + scratch + " in " + source.where());
            return options.query() == null ? null : query(server, scratch, options, passed, failed);
        } finally {
            try {
                drop(server, admin, scratch, doing);
            } catch (VerbFailure e) {
                failed.add("the scratch database " + scratch + " could not be dropped (" + e.getMessage() + "); drop it by hand");
            }
        }
    }

    private static void dropStaleScratch(PgServer server, String admin, String doing) throws VerbFailure {
        long now = System.currentTimeMillis();
        for (List<String> row : server.query(admin, "SELECT datname FROM pg_database WHERE datname LIKE 'ripcord\\_verify\\_%'", doing)) {
            String[] parts = row.get(0).substring(PgArchiveCheck.SCRATCH_PREFIX.length()).split("_");
            try {
                if (now - Long.parseLong(parts[0]) > PgArchiveCheck.STALE_AFTER_MILLIS) {
                    drop(server, admin, row.get(0), doing);
                }
            } catch (NumberFormatException e) {
                // an older name without its time: left alone
            }
        }
    }

    static void drop(PgServer server, String admin, String database, String doing) throws VerbFailure {
        // WITH (FORCE) needs PostgreSQL 13; before it, sessions are ended first
        server.query(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " + PgServer.literal(database)
                + " AND pid <> pg_backend_pid()", doing);
        server.query(admin, "DROP DATABASE IF EXISTS " + PgConnections.quote(database), doing);
    }

    private static Object query(PgServer server, String database, Verifier.Options options, List<String> passed, List<String> failed) {
        try {
            List<List<String>> rows = server.query(database, options.query(), "the query on the restored scratch database failed");
            Object value = rows.isEmpty() ? null : typed(rows.get(0).get(0));
            if (Verifier.expectationHolds(options.expect(), value)) {
                passed.add("query " + options.query() + " = " + value);
                return value;
            } else {
                failed.add("query " + options.query() + " returned " + value + ", which does not meet expect: " + ExpectationText.describe(options.expect()));
            }
        } catch (VerbFailure e) {
            failed.add("query " + options.query() + " failed on the restored copy: " + e.getMessage());
        }
        return null;
    }

    /** psql prints every value as text: numbers become numbers again, so {@code expect: { it > 0 }} reads as it does with JDBC. */
    static Object typed(String value) {
        if (value.matches("-?\\d{1,18}")) {
            return Long.parseLong(value);
        }
        if (value.matches("-?\\d+\\.\\d+")) {
            return new BigDecimal(value);
        }
        return value.equals("t") ? Boolean.TRUE : value.equals("f") ? Boolean.FALSE : value;
    }
}
