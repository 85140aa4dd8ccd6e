package io.ripcord.stdlib.postgres;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.ripcord.files.AtomicFile;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.docker.ContainerExec;
import io.ripcord.stdlib.docker.DockerEngine;
import io.ripcord.verb.VerbFailure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server reached only through its container: psql, pg_dump and pg_restore run inside it by the Engine's
 * exec API, as the container's postgres OS user over the server's local socket — no published port, no password in
 * Ripcord at all. Dumps stream out of the exec's standard output into a file, and into pg_restore's standard input.
 * The container is found once per instance (by name, or by its Compose labels) and must be running.
 */
final class ContainerPgServer implements PgServer, AutoCloseable {

    /** The OS user the official image (and Debian's packages) run the server as: the local socket trusts it. */
    static final String OS_USER = "postgres";
    private static final String SEPARATOR = "\u001f";

    private final PostgresContainerTarget target;
    private final DockerEngine engine;
    private final String id;

    private ContainerPgServer(PostgresContainerTarget target, DockerEngine engine, String id) {
        this.target = target;
        this.engine = engine;
        this.id = id;
    }

    /** The target's running container, or a failure that names it and says what is wrong (missing, stopped). */
    static ContainerPgServer connect(PostgresContainerTarget target, Map<String, String> environment) throws VerbFailure {
        DockerEngine engine = DockerEngine.connect(environment, PgTools.LONG);
        try {
            return new ContainerPgServer(target, engine, resolve(target, engine));
        } catch (VerbFailure | RuntimeException e) {
            engine.close();
            throw e;
        } catch (InterruptedException e) {
            engine.close();
            Thread.currentThread().interrupt();
            throw new VerbFailure(ProblemCode.INTERRUPTED, "interrupted while looking for " + target.where(), null);
        }
    }

    private static String resolve(PostgresContainerTarget target, DockerEngine engine) throws VerbFailure, InterruptedException {
        String name = target.container();
        if (name == null) {
            List<Container> found = engine.call("list the containers of compose " + target.where(), client -> client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("com.docker.compose.project", target.compose().get(0), "com.docker.compose.service", target.compose().get(1))).exec());
            List<Container> running = found.stream().filter(c -> "running".equals(c.getState())).toList();
            if (found.isEmpty()) {
                throw new VerbFailure(ProblemCode.TARGET_MISSING, "no container of " + target.where() + " on the Docker Engine at " + engine.endpoint()
                        + " (none has the labels com.docker.compose.project=" + target.compose().get(0) + ", com.docker.compose.service=" + target.compose().get(1) + ")",
                        "check the project and service names: `docker compose ls` and `docker compose -p " + target.compose().get(0) + " ps`");
            }
            if (running.isEmpty()) {
                throw notRunning(target, found.get(0).getNames()[0].replaceFirst("^/", ""), found.get(0).getState());
            }
            return running.get(0).getId();
        }
        InspectContainerResponse c;
        try {
            c = engine.call("inspect container " + name, client -> client.inspectContainerCmd(name).exec());
        } catch (NotFoundException e) {
            throw new VerbFailure(ProblemCode.TARGET_MISSING, "no container named '" + name + "' on the Docker Engine at " + engine.endpoint()
                    + " for " + target, "check the name with `docker ps -a`; a Compose service is postgres(compose: ['PROJECT', 'SERVICE'], ...)");
        }
        if (c.getState() == null || !Boolean.TRUE.equals(c.getState().getRunning())) {
            throw notRunning(target, name, c.getState() == null ? "unknown" : c.getState().getStatus());
        }
        return c.getId();
    }

    private static VerbFailure notRunning(PostgresContainerTarget target, String name, String state) {
        return new VerbFailure(ProblemCode.TARGET_MISSING, "container " + name + " of " + target + " is not running (" + state
                + "): its PostgreSQL tools run inside it", "start it (`docker start " + name + "`), then retry; nothing was touched");
    }

    @Override
    public String where() {
        return target.where();
    }

    @Override
    public List<List<String>> query(String database, String sql, String doing) throws VerbFailure {
        return query(database, sql, doing, PgTools.LONG);
    }

    /** The same, ended by the Engine's stream closing after {@code timeout}, and by the server's statement_timeout just before. */
    List<List<String>> query(String database, String sql, String doing, java.time.Duration timeout) throws VerbFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = List.of("-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-F", SEPARATOR, "-c", sql);
        ToolRun r = exec("psql", database, args, null, out, timeout);
        if (!r.ok()) {
            throw explain(doing, r.stderr());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(List.of(line.split(SEPARATOR, -1)));
            }
        }
        return rows;
    }

    @Override
    public ToolRun run(String tool, String database, List<String> args, Path input, Path output) throws VerbFailure, IOException {
        try (InputStream in = input == null ? null : Files.newInputStream(input);
             // frames arrive in pg_dump's own small writes: one system call per 1 MB, not per frame
             OutputStream out = output == null ? OutputStream.nullOutputStream() : new java.io.BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            return exec(tool, database, args, in, out);
        }
    }

    @Override
    public String version(String tool, String neededFor) throws VerbFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ToolRun r = exec(tool, null, List.of("--version"), null, out);
        Matcher m = Pattern.compile("\\(PostgreSQL\\) (\\d+(\\.\\d+)?)").matcher(out.toString(StandardCharsets.UTF_8));
        if (!r.ok() || !m.find()) {
            throw new VerbFailure(ProblemCode.TARGET_MISSING, "container " + target.containerName() + " has no " + tool + " (needed to " + neededFor
                    + "): it is not a PostgreSQL container, or its tools are not on its PATH (" + PgErrors.firstLine(r.stderr() + out) + ")",
                    "name the database's own container in postgres(container: ...); nothing was touched");
        }
        return m.group(1);
    }

    ToolRun exec(String tool, String database, List<String> args, InputStream in, OutputStream out) throws VerbFailure {
        return exec(tool, database, args, in, out, PgTools.LONG);
    }

    private ToolRun exec(String tool, String database, List<String> args, InputStream in, OutputStream out, java.time.Duration timeout)
            throws VerbFailure {
        List<String> argv = new ArrayList<>(List.of(tool));
        if (database != null) {
            argv.addAll(List.of("-U", target.user(), tool.equals("pg_dumpall") ? "-l" : "-d", database));
        }
        argv.addAll(args);
        // a lock another session holds fails the command in 30 s instead of leaving it (and a blocked database) waiting
        String options = "-c lock_timeout=30s" + (timeout.compareTo(PgTools.LONG) < 0 ? " -c statement_timeout=" + Math.max(1, timeout.toSeconds()) + "s" : "");
        Map<String, String> env = Map.of("PGAPPNAME", "ripcord", "PGOPTIONS", options);
        try {
            ContainerExec.Result r = ContainerExec.run(engine, id, OS_USER, argv, env, in, out, timeout);
            return new ToolRun(r.exitCode(), r.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerbFailure(ProblemCode.INTERRUPTED, tool + " in " + where() + " was interrupted", null);
        }
    }

    /** PostgreSQL's words, with the container named in place of a host and port. */
    VerbFailure explain(String doing, String said) {
        String text = said == null ? "" : said.strip();
        if (text.contains("No such file or directory") && text.contains("socket")) {
            return new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, doing + ": the PostgreSQL server in " + where() + " does not answer on its local socket ("
                    + PgErrors.firstLine(text) + ")", "look at `docker logs " + target.containerName() + "`: it may still be starting");
        }
        return PgErrors.explainIn(doing, where(), text);
    }

    @Override
    public void close() {
        engine.close();
    }

    static void ownerOnly(Path file) throws IOException {
        AtomicFile.createPrivateFile(file).close();
    }
}
