package io.ripcord.stdlib.postgres;

import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How Ripcord talks to one PostgreSQL server: the SQL it asks (server facts, sessions, connection blocking, scratch
 * databases, assertions) and the server's own programs (pg_dump, pg_restore, pg_dumpall) with a dump streamed out of
 * or into them. {@link ContainerPgServer} runs everything inside the database's own container through the Docker
 * Engine's exec API, so the tools' version is always the server's.
 */
interface PgServer {

    /** How the operator names this server in messages: "container shop-db". */
    String where();

    /** {@code sql} on {@code database}: its rows, each value as PostgreSQL prints it (NULL as an empty string). */
    List<List<String>> query(String database, String sql, String doing) throws VerbFailure;

    /**
     * Runs {@code tool} connected to {@code database} (pg_dumpall: its -l database) with {@code args}; {@code input},
     * if not null, is streamed to its standard input, and its standard output streamed into {@code output} if not null.
     */
    ToolRun run(String tool, String database, List<String> args, Path input, Path output) throws VerbFailure, IOException;

    /** "15.18" for {@code tool --version}; a failure naming what is missing when the tool is not there. */
    String version(String tool, String neededFor) throws VerbFailure;

    /** How a tool ended: its exit code and what it said on standard error. */
    record ToolRun(int exitCode, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** A string as an SQL literal (standard_conforming_strings is on since PostgreSQL 9.1). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
