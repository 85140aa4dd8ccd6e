package io.ripcord.stdlib.health;

import io.ripcord.stdlib.backup.ExpectationText;
import io.ripcord.stdlib.backup.Verifier;
import io.ripcord.stdlib.retry.Retry;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * {@code healthCheck sqlite('/app/data/app.db'), query: 'SELECT count(*) FROM users', expect: { it > 0 }}: opens the
 * database read-only (never creating it), runs the query within the attempt's timeout, and judges its first value.
 */
public record SqliteProbe(Path path) implements HealthProbe {

    @Override
    public java.util.Set<String> reads() {
        return java.util.Set.of("query", "expect");
    }

    @Override
    public String describe() {
        return "sqlite " + path;
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        if (!Files.isRegularFile(path)) {
            return Retry.Observation.failed(path + " does not exist");
        }
        String query = call.string("query", "SELECT 1");
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + path, config.toProperties());
             Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet r = s.executeQuery(query)) {
                Object value = r.next() ? r.getObject(1) : null;
                if (!Verifier.expectationHolds(call.value("expect"), value)) {
                    return Retry.Observation.failed(query + " returned " + value + ", which does not meet expect: "
                            + ExpectationText.describe(ExpectationText.of(call, context)));
                }
                return Retry.Observation.ok(query + " = " + value);
            }
        } catch (java.sql.SQLException e) {
            return Retry.Observation.failed("SQLite: " + e.getMessage());
        }
    }
}
