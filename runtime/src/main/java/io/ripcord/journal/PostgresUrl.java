package io.ripcord.journal;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code postgresql://USER@HOST:PORT/DB?sslmode=verify-full&...} as libpq reads it: the user defaults to PGUSER or
 * the login name, the port to 5432, the database to the user's name; query options (sslmode, sslrootcert, sslcert,
 * sslkey, connect_timeout, application_name, ...) are passed to the driver. A password in the URL is refused: the URL
 * is on command lines and in shell history; credentials come from PGPASSWORD, PGPASSFILE or ~/.pgpass.
 */
record PostgresUrl(String host, int port, String database, String user, Map<String, String> options) {

    static boolean matches(String spec) {
        return spec.startsWith("postgresql://") || spec.startsWith("postgres://");
    }

    static PostgresUrl parse(String spec, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            throw bad(spec, "it is not a URL (" + e.getReason() + ")");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE,
                    "the journal URL carries a password; it would be on the command line and in shell history", null)
                    .withNext("drop it from the URL and set PGPASSWORD, or put it in PGPASSFILE or ~/.pgpass (mode 0600)"));
        }
        String user = userInfo != null ? decode(userInfo)
                : env.getOrDefault("PGUSER", System.getProperty("user.name", "postgres"));
        String host = uri.getHost() != null ? uri.getHost() : env.getOrDefault("PGHOST", "localhost");
        int port = uri.getPort() > 0 ? uri.getPort() : Integer.parseInt(env.getOrDefault("PGPORT", "5432"));
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? env.getOrDefault("PGDATABASE", user) : decode(path);
        Map<String, String> options = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("password")) {
                    throw bad(spec, "it carries a password option");
                }
                options.put(driverName(key), value);
            }
        }
        if (!options.containsKey("sslmode") && env.containsKey("PGSSLMODE")) {
            options.put("sslmode", env.get("PGSSLMODE"));
        }
        return new PostgresUrl(host, port, database, user, Map.copyOf(options));
    }

    /** libpq's names for what the JDBC driver calls otherwise; the rest (ssl*) are the same. */
    private static String driverName(String libpq) {
        return switch (libpq) {
            case "connect_timeout" -> "connectTimeout";
            case "application_name" -> "ApplicationName";
            default -> libpq;
        };
    }

    String jdbc() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** The URL as messages show it (there is never a password in it). */
    String display() {
        return "postgresql://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static RunbookException bad(String spec, String why) {
        return new RunbookException(Problem.of(ProblemCode.JOURNAL_UNAVAILABLE, "--journal " + spec.replaceAll(":[^@/]*@", ":***@")
                + " is not a usable PostgreSQL URL: " + why, null)
                .withNext("give postgresql://USER@HOST:PORT/DB (options such as ?sslmode=verify-full after it)"));
    }
}
