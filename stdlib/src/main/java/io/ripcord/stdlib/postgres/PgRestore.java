package io.ripcord.stdlib.postgres;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.RestoreVerb;
import io.ripcord.stdlib.backup.SafetyCopy;
import io.ripcord.stdlib.backup.StagedRestore;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code restore lastBackup(db)} for PostgreSQL, restore's stages in the order that keeps the live database safe:
 * stage: verify the backup (checksum and a full read; refused otherwise, nothing touched); guard: block new
 * connections (REVOKE CONNECT FROM PUBLIC, and CONNECTION LIMIT 0 when restoring as a superuser, who is exempt from
 * it); terminate the sessions
 * still connected, naming them; safety: take the safety dump; replace: {@code pg_restore --clean --if-exists
 * --single-transaction --exit-on-error}, so a failure half-way rolls back and leaves the database as it was;
 * sweep: connections are allowed again whatever happened.
 */
final class PgRestore implements StagedRestore {

    /** restore's to:: null (the backup's own database), a database name on the same server, or another postgres(...). */
    static PostgresTarget destination(PostgresTarget source, Object to) {
        if (to == null) {
            return source;
        }
        if (to instanceof PostgresTarget other) {
            return other;
        }
        if (to instanceof CharSequence name && !name.toString().isBlank()) {
            return source.withDatabase(name.toString());
        }
        throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "restore to: for a PostgreSQL backup is a database name or postgres(...), got "
                + to, null).withNext("see `ripcord help restore`"));
    }

    static PlannedAction plan(Artifact artifact, PostgresTarget into, VerbContext context) {
        PlannedAction action = PlannedAction.of(ActionKind.CHANGE, "restore " + artifact + " over " + into)
                .detail("first", "full verification (sha256, pg_restore reads every data block); refused if it fails");
        Path pgRestore = PgTools.locate("pg_restore");
        if (pgRestore == null) {
            return action.detail("PROBLEM", "pg_restore is not installed; " + PgTools.INSTALL);
        }
        try (Connection admin = PgConnections.open(into, PgConnections.maintenanceDatabase(into.database()), "cannot reach " + into)) {
            Long size = size(admin, into.database());
            if (size == null) {
                return action.detail("safety copy", "none: " + into.database() + " does not exist yet and is created")
                        .detail("restore", "pg_restore --single-transaction into it");
            }
            List<PgSessions.Session> sessions = PgSessions.on(admin, into.database());
            // in the order apply does it: nothing may write between the safety copy and the restore
            return action.detail("sessions", sessions.isEmpty() ? "none connected now"
                            : sessions.size() + " connected now, would be terminated: " + sessions.stream().map(Object::toString).toList())
                    .detail("then", "new connections blocked, sessions terminated")
                    .detail("safety copy", "pg_dump -Fc of " + into.where() + " (" + new ByteSize(size) + ")")
                    .detail("restore", "pg_restore --clean --if-exists --single-transaction "
                            + "(a failure leaves " + into.database() + " as it was), connections allowed again");
        } catch (VerbFailure | SQLException e) {
            return action.detail("PROBLEM", "cannot look at the server now: " + e.getMessage());
        }
    }

    private final Artifact artifact;
    private final PostgresTarget into;
    private final VerbContext context;
    private final String doing;
    private Path pgRestore;
    private Path staged;
    private Path content;
    private Connection admin;
    private boolean created;
    private ConnectionBlock block;
    private final List<String> ended = new ArrayList<>();

    PgRestore(Artifact artifact, PostgresTarget into, VerbContext context) {
        this.artifact = artifact;
        this.into = into;
        this.context = context;
        this.doing = "cannot restore " + artifact.id() + " into " + into;
    }

    /** Verified (and, when compressed or archived, unpacked) before the live database is touched. */
    @Override
    public void stage() throws VerbFailure, IOException {
        pgRestore = PgTools.find("pg_restore", "restore " + artifact.id());
        staged = verified(artifact, into, context);
        content = staged != null ? staged : artifact.file();
    }

    /**
     * Restore's stage for every PostgreSQL target: the artifact fully verified, unpacked into a scratch copy beside it
     * when compressed or archived (returned, for sweep to delete; null when the artifact itself is the dump).
     */
    static Path verified(Artifact artifact, Object into, VerbContext context) throws VerbFailure, IOException {
        Path staged = null;
        if (artifact.tarArchive() || artifact.compression() != Compression.NONE) {
            staged = AtomicFile.tempFor(artifact.file().resolveSibling(artifact.id() + ".restore"));
            if (artifact.tarArchive()) {
                AtomicFile.createPrivateDirectory(staged);
            }
        }
        try {
            Verifier.verify(artifact, Verifier.Options.FULL, staged);
        } catch (VerbFailure e) {
            throw e.reworded("refusing to restore: " + e.getMessage() + "; " + into + " was not touched", e.next());
        }
        context.output().info("verified " + artifact.id());
        return staged;
    }

    /**
     * One restore of the database at a time; new connections blocked and the sessions still connected ended, named.
     * A database that does not exist yet is created empty: nobody can hold it.
     */
    @Override
    public void guard() throws VerbFailure, IOException {
        try {
            admin = PgConnections.open(into, PgConnections.maintenanceDatabase(into.database()), doing);
            if (size(admin, into.database()) == null) {
                try (Statement s = admin.createStatement()) {
                    s.execute("CREATE DATABASE " + PgConnections.quote(into.database()) + " TEMPLATE template0"); // empty: what template1 holds is not the backup's
                }
                created = true;
                context.output().info("created database " + into.database() + " (it did not exist): no safety copy needed");
                return;
            }
            block = lockAndBlock(PgSql.of(admin), into.database(), into.id(), into, context);
            terminate(PgSql.of(admin), into.database(), into.toString(), ended, context);
        } catch (SQLException e) {
            throw PgErrors.explain(doing, into, e.getMessage());
        }
    }

    /** A pg_dump of the database as it is now; then the sessions a superuser opened meanwhile are ended too. */
    @Override
    public String safety() throws VerbFailure {
        if (created) {
            return null;
        }
        Artifact safety = SafetyCopy.take(into, SafetyCopy.dirFor(artifact, context), Compression.NONE, context);
        try {
            terminate(PgSql.of(admin), into.database(), into.toString(), ended, context); // nothing may write between the safety copy and the restore
        } catch (SQLException e) {
            throw PgErrors.explain(doing, into, e.getMessage());
        }
        return safety.file().toString();
    }

    /** pg_restore --single-transaction: a failure half-way rolls back and leaves the database as it was. */
    @Override
    public RestoreVerb.Restored replace(String safety) throws VerbFailure, IOException {
        pgRestore(pgRestore, content, artifact, into, safety);
        context.output().info("restored " + artifact.id() + " into " + into);
        return new RestoreVerb.Restored(artifact.id(), into.id(), safety, ended, artifact.created());
    }

    /** Connections are allowed again whatever happened; the unpacked copy is deleted. */
    @Override
    public void sweep() throws IOException {
        try {
            if (block != null) {
                block.lift(admin, context);
            }
        } finally {
            try {
                if (admin != null) {
                    admin.close();
                }
            } catch (SQLException e) {
                // the server drops the session (and its advisory lock) by itself
            }
            if (staged != null) {
                AtomicFile.deleteTree(staged);
            }
        }
    }

    /**
     * One restore of a database at a time, across processes and hosts: a session-level advisory lock on the server, which
     * the server drops by itself if this process dies.
     */
    static ConnectionBlock lockAndBlock(PgSql admin, String database, String id, Object into, VerbContext context)
            throws SQLException, VerbFailure, IOException {
        if ("0".equals(admin.value("SELECT pg_try_advisory_lock(hashtext('ripcord-restore:' || " + PgServer.literal(database) + "))::int"))) {
            throw new VerbFailure("another restore of " + into + " is under way (it holds Ripcord's restore lock on the server); nothing was touched",
                    "wait for it to finish (`ripcord runs`), then restore again if still needed");
        }
        try {
            return ConnectionBlock.apply(admin, database, id, stateDir(context), context);
        } catch (ConnectionBlock.BlockedWithoutRecord e) {
            throw new VerbFailure(e.getMessage() + "; nothing was touched",
                    "if an earlier restore was killed, open it by hand (ALTER DATABASE " + PgConnections.quote(database)
                            + " CONNECTION LIMIT -1; GRANT CONNECT ON DATABASE " + PgConnections.quote(database) + " TO PUBLIC;) and restore again");
        }
    }

    /** Where restores keep records that must outlive a crash: Ripcord's home ($RIPCORD_HOME, else ~/.ripcord), under state/. */
    static Path stateDir(VerbContext context) {
        return context.home().resolve("state");
    }

    /** Ends every session on {@code database}, naming them in the output and in {@code ended}. */
    static void terminate(PgSql admin, String database, String where, List<String> ended, VerbContext context) throws SQLException {
        List<PgSessions.Session> sessions = PgSessions.terminateAll(admin, database);
        if (!sessions.isEmpty()) {
            context.output().warn("terminated " + sessions.size() + " session(s) on " + database + " (" + where + "): "
                    + String.join("; ", sessions.stream().map(Object::toString).toList()));
            sessions.forEach(s -> ended.add(s.toString()));
        }
    }

    private static void pgRestore(Path pgRestore, Path content, Artifact artifact, PostgresTarget into, String safety)
            throws VerbFailure, IOException {
        List<String> args = new ArrayList<>(PgTools.connection(into, into.database()));
        args.addAll(List.of("--clean", "--if-exists", "--single-transaction", "--exit-on-error", content.toString()));
        CommandResult r = PgTools.run(pgRestore, args, into, PgTools.LONG);
        if (r.exitCode() != 0) {
            throw rolledBack(artifact, into, into.database(), safety, r.stderr());
        }
    }

    static VerbFailure rolledBack(Artifact artifact, Object into, String database, String safety, String stderr) {
        return new VerbFailure("pg_restore of " + artifact.id() + " into " + into + " failed and was rolled back: "
                + database + " is as it was" + (safety == null ? "" : " (safety copy: " + safety + ")")
                + ": " + PgErrors.lastLines(stderr, 3),
                "fix the cause (a missing role: restore the globals first, or a missing extension), or restore to: another database");
    }

    /** The database's size, or null when it does not exist. */
    static Long size(Connection admin, String database) throws SQLException {
        return size(PgSql.of(admin), database);
    }

    static Long size(PgSql admin, String database) throws SQLException {
        String size = admin.value("SELECT pg_database_size(oid) FROM pg_database WHERE datname = " + PgServer.literal(database));
        return size == null ? null : Long.parseLong(size);
    }
}
