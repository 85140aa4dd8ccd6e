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

    /** Why a password file was not read although it exists (readable by others), or null. */
    static String ignored(Map<String, String> env, Path home) {
        Path file = file(env, home);
        try {
            return Files.isRegularFile(file) && !ownerOnly(file) ? file + " was ignored: others can read it (chmod 600 it)" : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static Path file(Map<String, String> env, Path home) {
        return env.containsKey("PGPASSFILE") ? Path.of(env.get("PGPASSFILE")) : home.resolve(".pgpass");
    }

    private static boolean ownerOnly(Path file) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        return mode.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
    }

    static Optional<String> find(PostgresUrl url, Map<String, String> env, Path home) {
        String direct = env.get("PGPASSWORD");
        if (direct != null && !direct.isEmpty()) {
            return Optional.of(direct);
        }
        Path file = file(env, home);
        try {
            if (!Files.isRegularFile(file) || !ownerOnly(file)) {
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
