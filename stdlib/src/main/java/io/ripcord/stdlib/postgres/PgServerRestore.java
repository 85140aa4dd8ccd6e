package io.ripcord.stdlib.postgres;

import io.ripcord.files.AtomicFile;
import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.stdlib.backup.Artifact;
import io.ripcord.stdlib.backup.RestoreVerb;
import io.ripcord.stdlib.backup.SafetyCopy;
import io.ripcord.stdlib.backup.StagedRestore;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code restore} of a container's database, in {@link PgRestore}'s order and with its guarantees: stage: verify
 * (refused otherwise, nothing touched); guard: one long psql session inside the container takes the restore lock,
 * blocks new connections ({@link ConnectionBlock}) and ends the sessions still connected, naming them; safety: a
 * pg_dump of the database as it is; replace: the dump streamed into the container's {@code pg_restore --clean
 * --if-exists --single-transaction --exit-on-error}; sweep: connections allowed again whatever happened.
 */
final class PgServerRestore implements StagedRestore {

    static PostgresContainerTarget destination(PostgresContainerTarget source, Object to) {
        if (to == null) {
            return source;
        }
        if (to instanceof PostgresContainerTarget other) {
            return other;
        }
        if (to instanceof CharSequence name && !name.toString().isBlank()) {
            return source.withDatabase(name.toString());
        }
        throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "restore to: for a backup of " + source
                + " is a database name or postgres(container: ...), got " + to, null).withNext("see `ripcord help restore`"));
    }

    static PlannedAction plan(Artifact artifact, PostgresContainerTarget into, VerbContext context) {
        PlannedAction action = PlannedAction.of(ActionKind.CHANGE, "restore " + artifact + " over " + into)
                .detail("first", "full verification (sha256, pg_restore in " + into.where() + " reads every data block); refused if it fails");
        try (ContainerPgServer server = into.server()) {
            server.version("pg_restore", "restore " + artifact.id());
            PgSql sql = oneShot(server, PgConnections.maintenanceDatabase(into.database()));
            Long size = PgRestore.size(sql, into.database());
            if (size == null) {
                return action.detail("safety copy", "none: " + into.database() + " does not exist yet and is created")
                        .detail("restore", "pg_restore --single-transaction into it, inside " + into.where());
            }
            List<PgSessions.Session> sessions = PgSessions.on(sql, into.database());
            return action.detail("sessions", sessions.isEmpty() ? "none connected now"
                            : sessions.size() + " connected now, would be terminated: " + sessions.stream().map(Object::toString).toList())
                    .detail("then", "new connections blocked, sessions terminated")
                    .detail("safety copy", "pg_dump -Fc of " + into + " (" + new ByteSize(size) + ")")
                    .detail("restore", "pg_restore --clean --if-exists --single-transaction inside " + into.where()
                            + " (a failure leaves " + into.database() + " as it was), connections allowed again");
        } catch (VerbFailure | SQLException e) {
            return action.detail("PROBLEM", "cannot look at the server now: " + e.getMessage());
        }
    }

    /** Statements each in its own psql: enough for a plan, which holds no lock. */
    private static PgSql oneShot(ContainerPgServer server, String database) {
        return sql -> {
            try {
                return server.query(database, sql, "cannot look at " + server.where());
            } catch (VerbFailure e) {
                throw new SQLException(e.getMessage());
            }
        };
    }

    private final Artifact artifact;
    private final PostgresContainerTarget into;
    private final VerbContext context;
    private final String doing;
    private Path staged;
    private Path content;
    private ContainerPgServer server;
    private PsqlSession admin;
    private boolean created;
    private ConnectionBlock block;
    private final List<String> ended = new ArrayList<>();

    PgServerRestore(Artifact artifact, PostgresContainerTarget into, VerbContext context) {
        this.artifact = artifact;
        this.into = into;
        this.context = context;
        this.doing = "cannot restore " + artifact.id() + " into " + into;
    }

    @Override
    public void stage() throws VerbFailure, IOException {
        staged = PgRestore.verified(artifact, into, context);
        content = staged != null ? staged : artifact.file();
    }

    @Override
    public void guard() throws VerbFailure, IOException {
        server = into.server();
        server.version("pg_restore", "restore " + artifact.id());
        admin = new PsqlSession(server, PgConnections.maintenanceDatabase(into.database()));
        try {
            if (PgRestore.size(admin, into.database()) == null) {
                admin.execute("CREATE DATABASE " + PgConnections.quote(into.database()) + " TEMPLATE template0");
                created = true;
                context.output().info("created database " + into.database() + " (it did not exist): no safety copy needed");
                return;
            }
            block = PgRestore.lockAndBlock(admin, into.database(), into.id(), into, context);
            PgRestore.terminate(admin, into.database(), into.where(), ended, context);
        } catch (SQLException e) {
            throw server.explain(doing, e.getMessage());
        }
    }

    @Override
    public String safety() throws VerbFailure {
        if (created) {
            return null;
        }
        Artifact safety = SafetyCopy.take(into, SafetyCopy.dirFor(artifact, context), Compression.NONE, context);
        try {
            PgRestore.terminate(admin, into.database(), into.where(), ended, context); // nothing may write between the safety copy and the restore
        } catch (SQLException e) {
            throw server.explain(doing, e.getMessage());
        }
        return safety.file().toString();
    }

    @Override
    public RestoreVerb.Restored replace(String safety) throws VerbFailure, IOException {
        PgServer.ToolRun r = server.run("pg_restore", into.database(), List.of("--clean", "--if-exists", "--single-transaction", "--exit-on-error"),
                content, null);
        if (!r.ok()) {
            throw PgRestore.rolledBack(artifact, into, into.database(), safety, r.stderr());
        }
        context.output().info("restored " + artifact.id() + " into " + into);
        return new RestoreVerb.Restored(artifact.id(), into.id(), safety, ended, artifact.created());
    }

    @Override
    public void sweep() throws IOException {
        try {
            if (block != null) {
                block.lift(admin, context);
            }
        } finally {
            if (admin != null) {
                admin.close();
            }
            if (server != null) {
                server.close();
            }
            if (staged != null) {
                AtomicFile.deleteTree(staged);
            }
        }
    }

}
