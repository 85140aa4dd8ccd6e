package io.ripcord.stdlib.postgres;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * {@code postgres 'postgresql://app@db.internal:5432/app', password: secret('PGPASSWORD')}, or {@code postgres
 * database: 'app', host: 'db.internal', user: 'app'}: a target; names nothing, touches nothing.
 */
public final class PostgresTargetVerb implements ValueVerb {

    private static final VerbSpec SPEC = VerbSpec.named("postgres")
            .summary("A PostgreSQL database (dumped with pg_dump -Fc, restored with pg_restore in one transaction) to back up, verify or restore; touches nothing.")
            .positional("url")
            .optional("url", ArgType.STRING, null, "postgresql://user@host:port/database (no password in it), or just the database name")
            .optional("host", ArgType.STRING, "'localhost'", "the server's host")
            .optional("port", ArgType.INTEGER, "5432", "the server's port")
            .optional("database", ArgType.STRING, null, "the database (or in the URL)")
            .optional("user", ArgType.STRING, "the OS user ('postgres' in a container)", "the role to connect as")
            .optional("password", ArgType.STRING, "PGPASSFILE or ~/.pgpass", "secret('NAME'); handed to pg_dump and pg_restore in a 0600 password file, never on a command line")
            .optional("container", ArgType.STRING, null, "the database's own container: pg_dump, pg_restore and psql run inside it through the Docker Engine, "
                    + "as its postgres OS user over the local socket (no port, no password)")
            .optional("compose", ArgType.ANY, null, "['PROJECT', 'SERVICE']: the running container of that Compose service (by its labels), as container:")
            .returns(PostgresTarget.class, "the target, for backup, restore and lastBackup")
            .example("def db = postgres 'postgresql://app@127.0.0.1:5432/app', password: secret('APP_DB_PASSWORD')")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public Object value(VerbCall call, VerbContext context) {
        if (call.has("container") || call.has("compose")) {
            return inContainer(call, context);
        }
        String host = call.string("host", "localhost");
        int port = (int) call.integer("port", 5432);
        String database = call.string("database", null);
        String user = call.string("user", System.getProperty("user.name"));
        String url = call.string("url", null);
        if (url != null && url.contains("://")) {
            URI uri = parse(call, url);
            host = uri.getHost() != null ? uri.getHost() : host;
            port = uri.getPort() > 0 ? uri.getPort() : port;
            if (uri.getUserInfo() != null) {
                user = uri.getUserInfo();
            }
            if (uri.getPath() != null && uri.getPath().length() > 1) {
                database = uri.getPath().substring(1);
            }
        } else if (url != null) {
            database = url;
        }
        if (database == null || database.isBlank()) {
            throw invalid(call, "postgres needs a database: postgres 'postgresql://user@host:5432/app' or postgres database: 'app'");
        }
        if (port < 1 || port > 65535) {
            throw invalid(call, "postgres port: must be between 1 and 65535, got " + port);
        }
        return new PostgresTarget(host, port, database, user, call.string("password", null));
    }

    /** postgres(container: | compose:, database:, user:): no address, port, password or URL — the container is the way in. */
    private static PostgresContainerTarget inContainer(VerbCall call, VerbContext context) {
        for (String hostOnly : List.of("url", "host", "port", "password")) {
            if (call.has(hostOnly)) {
                throw invalid(call, "postgres " + hostOnly + ": cannot be given with container: or compose: — Ripcord reaches the server inside its container");
            }
        }
        if (call.has("container") && call.has("compose")) {
            throw invalid(call, "postgres takes container: or compose:, not both");
        }
        List<String> compose = null;
        if (call.has("compose")) {
            if (!(call.value("compose") instanceof List<?> list) || list.size() != 2 || list.stream().anyMatch(v -> !(v instanceof CharSequence) || v.toString().isBlank())) {
                throw invalid(call, "postgres compose: is ['PROJECT', 'SERVICE'], got " + call.value("compose"));
            }
            compose = list.stream().map(Object::toString).toList();
        }
        String container = call.string("container", null);
        if (container != null && container.isBlank()) {
            throw invalid(call, "postgres container: needs the container's name or id");
        }
        String database = call.string("database", null);
        if (database == null || database.isBlank()) {
            throw invalid(call, "postgres needs a database: postgres container: '" + (container == null ? "NAME" : container) + "', database: 'app'");
        }
        return new PostgresContainerTarget(container, compose, database, call.string("user", "postgres"), context.environment());
    }

    private static URI parse(VerbCall call, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(call, "postgres URL is not valid: " + e.getReason());
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw invalid(call, "postgres URL must start with postgresql://, got " + uri.getScheme() + "://");
        }
        if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
            // a URL is shown in plans, logs and shell history: the password must come from a secret
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "postgres URL carries a password", call.location())
                    .withNext("drop it from the URL and give password: secret('NAME') (or use PGPASSFILE)"));
        }
        if (uri.getQuery() != null) {
            throw invalid(call, "postgres URL parameters (?" + uri.getQuery() + ") are not supported");
        }
        return uri;
    }

    private static RunbookException invalid(VerbCall call, String message) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, message, call.location())
                .withNext("see `ripcord help postgres`"));
    }
}
