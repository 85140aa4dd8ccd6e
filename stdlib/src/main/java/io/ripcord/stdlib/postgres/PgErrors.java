package io.ripcord.stdlib.postgres;

import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbFailure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what PostgreSQL says (a JDBC exception's message, or a tool's standard error) into a failure that names the
 * cause in the operator's words and the next step: a server that does not answer, a wrong password, a missing
 * database or role. Anything else keeps PostgreSQL's own words.
 */
final class PgErrors {

    /** A login refused for a role the server does not know: FATAL, as opposed to a dump naming a missing owner. */
    private static final Pattern UNKNOWN_ROLE = Pattern.compile("FATAL:\\s+role \"[^\"]+\" does not exist");
    private static final Pattern MISSING_DATABASE = Pattern.compile("database \"([^\"]+)\" does not exist");

    private PgErrors() {
    }

    /** {@code doing}: what failed, as "cannot back up postgres app@db:5432". */
    static VerbFailure explain(String doing, PostgresTarget target, String said) {
        String text = said == null ? "" : said.strip();
        if (text.contains("Connection refused") || text.contains("refused. Check that the hostname") || text.contains("could not connect to server")
                || text.contains("The connection attempt failed") || text.contains("timeout expired") || text.contains("Name or service not known")
                || text.contains("could not translate host name") || text.contains("UnknownHostException")) {
            return new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, doing + ": the PostgreSQL server at " + target.host() + ":" + target.port() + " does not answer ("
                    + firstLine(text) + ")", "start it, or fix host:/port: — `pg_isready -h " + target.host() + " -p " + target.port() + "` tells when it answers");
        }
        if (refusedLogin(text) && !UNKNOWN_ROLE.matcher(text).find()) {
            return new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, doing + ": PostgreSQL at " + target.host() + ":" + target.port() + " refused the login of user '"
                    + target.user() + "' (" + firstLine(text) + ")",
                    "check the password: secret given to postgres(...), or the entry in PGPASSFILE / ~/.pgpass; and user:"
                            + " (PostgreSQL says the same of a role it does not know)");
        }
        Matcher db = MISSING_DATABASE.matcher(text);
        if (db.find()) {
            return new VerbFailure(doing + ": database '" + db.group(1) + "' does not exist on " + target.host() + ":" + target.port(),
                    "check the database name (`psql -l` lists them); restore creates a missing database when given to:");
        }
        if (UNKNOWN_ROLE.matcher(text).find()) {
            return new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, doing + ": PostgreSQL at " + target.host() + ":" + target.port() + " refused the login ("
                    + firstLine(text) + ")", "check user: — the role must exist on the server");
        }
        if (text.contains("role \"") && text.contains("does not exist")) {
            return new VerbFailure(doing + ": " + firstLine(text), "check user: — the role must exist on the server");
        }
        return new VerbFailure(doing + ": " + lastLines(text, 4), "read PostgreSQL's message above, fix the cause and retry");
    }

    /** The same words for a server named by {@code where} (a container) rather than a host and port: no login to get wrong. */
    static VerbFailure explainIn(String doing, String where, String said) {
        String text = said == null ? "" : said.strip();
        Matcher db = MISSING_DATABASE.matcher(text);
        if (db.find()) {
            return new VerbFailure(ProblemCode.TARGET_MISSING, doing + ": database '" + db.group(1) + "' does not exist in " + where,
                    "check the database name (`psql -l` inside the container lists them); restore creates a missing database when given to:");
        }
        if (refusedLogin(text)) {
            return new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, doing + ": PostgreSQL in " + where + " refused the login ("
                    + firstLine(text) + ")", "check user: — the role must exist on the server in " + where + ", and its local connections accept it");
        }
        if (text.contains("role \"") && text.contains("does not exist")) {
            return new VerbFailure(doing + ": " + firstLine(text), "check user: — the role must exist on the server in " + where);
        }
        return new VerbFailure(doing + ": " + lastLines(text, 4), "read PostgreSQL's message above, fix the cause and retry");
    }

    /**
     * The scratch database of a restore test could not be created (most often: the role has no CREATEDB). That says
     * nothing of the backup, so it is not a verify's verdict: the step fails with the code of a server that refuses,
     * and no failed verify is recorded. {@code where}: "on host:port" or "in container x".
     */
    static VerbFailure scratchRefused(String doing, String role, String where, String said) {
        String text = said == null ? "" : said.strip();
        boolean permission = text.contains("permission denied to create database");
        return new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, doing + ": PostgreSQL " + where + " refused to create the scratch database"
                + " the restore test needs (" + firstLine(text) + "); this says nothing about the backup: no failed verify is recorded",
                (permission ? "give role '" + role + "' CREATEDB (as a superuser: ALTER ROLE " + PgConnections.quote(role) + " CREATEDB)"
                        : "fix what PostgreSQL says above")
                        + ", or verify without query:/restoreTest: (pg_restore still reads every data block); then resume");
    }

    /**
     * The server refused the login (a wrong or missing password, a role it does not know): like a server that does
     * not answer, it says nothing of the backup or the data, so it ends the run with the same code (69).
     */
    private static boolean refusedLogin(String text) {
        return text.contains("password authentication failed") || text.contains("no password supplied") || text.contains("fe_sendauth")
                || text.contains("The server requested password-based authentication, but no password was provided")
                || UNKNOWN_ROLE.matcher(text).find() || text.contains("no pg_hba.conf entry")
                || text.contains("Peer authentication failed");
    }

    static String firstLine(String text) {
        String line = text.lines().filter(l -> !l.isBlank()).findFirst().orElse(text).strip();
        return line.replaceFirst("^(pg_\\w+|psql): error: ", "").replaceFirst("^FATAL:\\s+", "");
    }

    static String lastLines(String text, int n) {
        java.util.List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join("; ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
