package io.ripcord.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The journal's password, found the libpq way: PGPASSWORD, else the first matching line of PGPASSFILE (default
 * ~/.pgpass) — {@code host:port:database:user:password}, {@code *} matching anything, {@code \:} and {@code \\}
 * escaped. As libpq does, a password file others can read is ignored.
 */
final class PgPassword {

    private PgPassword() {
    }

    static Optional<String> find(PostgresUrl url, Map<String, String> env, Path home) {
        String direct = env.get("PGPASSWORD");
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(direct);
        }
        Path file = env.containsKey("PGPASSFILE") ? Path.of(env.get("PGPASSFILE")) : home.resolve(".pgpass");
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() == 5 && match(f.get(0), url.host()) && match(f.get(1), Integer.toString(url.port()))
                        && match(f.get(2), url.database()) && match(f.get(3), url.user())) {
                    return Optional.of(f.get(4));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean match(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                f.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
