package io.ripcord.stdlib.postgres;

import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.stdlib.process.CommandRunner;
import io.ripcord.stdlib.process.CommandTimedOut;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own programs (pg_dump, pg_dumpall, pg_restore): found on PATH, else the newest
 * /usr/lib/postgresql/N/bin; run through {@link CommandRunner} with the password in a 0600 password file named by
 * PGPASSFILE, never on the command line, and never prompting.
 */
final class PgTools {

    static final String INSTALL = "install PostgreSQL's client programs (Debian/Ubuntu: apt-get install postgresql-client), "
            + "of the server's major version or newer";
    /** Dumps and restores of big databases take hours; the limit is only there so nothing can hang forever. */
    static final Duration LONG = Duration.ofHours(12);
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final Map<Path, String> VERSIONS = new ConcurrentHashMap<>();

    private PgTools() {
    }

    /** The program, or a failure that says what to install. */
    static Path find(String tool, String neededFor) throws VerbFailure {
        Path found = locate(tool);
        if (found == null) {
            throw new VerbFailure(tool + " is not installed (not on PATH, nor under " + DEBIAN_VERSIONS + "/*/bin); it is needed to "
                    + neededFor, INSTALL);
        }
        return found;
    }

    static Path locate(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        List<Path> versions = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(DEBIAN_VERSIONS)) {
            dirs.forEach(versions::add);
        } catch (IOException e) {
            return null;
        }
        return versions.stream().filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                .map(v -> v.resolve("bin").resolve(tool)).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** "15.18" from "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"; "unknown" when it cannot tell. */
    static String version(Path tool) {
        return VERSIONS.computeIfAbsent(tool, t -> {
            try {
                CommandResult r = CommandRunner.run(List.of(t.toString(), "--version"), Path.of("."), Map.of(), Duration.ofSeconds(30), line -> { });
                Matcher m = Pattern.compile("\\(PostgreSQL\\) (\\d+(\\.\\d+)?)").matcher(r.stdout());
                return m.find() ? m.group(1) : "unknown";
            } catch (IOException | CommandTimedOut e) {
                return "unknown";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        });
    }

    static int major(String version) {
        Matcher m = Pattern.compile("^(\\d+)").matcher(version == null ? "" : version);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The connection options every tool takes; no password, and never a prompt (-w). */
    static List<String> connection(PostgresTarget target, String database) {
        return List.of("-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user(), "-w", "-d", database);
    }

    /**
     * Runs {@code tool args} as {@code target}'s user. With a password, it goes to a fresh 0600 file for this one
     * command (PGPASSFILE) and an inherited PGPASSWORD is removed so it cannot take precedence.
     */
    static CommandResult run(Path tool, List<String> args, PostgresTarget target, Duration timeout) throws VerbFailure, IOException {
        List<String> argv = new ArrayList<>();
        argv.add(tool.toString());
        argv.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("PGCONNECT_TIMEOUT", "15");
        env.put("PGAPPNAME", "ripcord");
        // a lock another session holds fails the command in 30 s instead of leaving it (and a blocked database) waiting
        env.put("PGOPTIONS", "-c lock_timeout=30s");
        Path passfile = null;
        String password = target.effectivePassword();
        try {
            if (password != null) {
                sweepPassfiles();
                passfile = Files.createTempFile("ripcord-pgpass-" + ProcessHandle.current().pid() + "-", "",
                        io.ripcord.files.AtomicFile.OWNER_ONLY);
                Files.writeString(passfile, "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n", StandardCharsets.UTF_8);
                env.put("PGPASSFILE", passfile.toString());
                env.put("PGPASSWORD", null);
            }
            // every path given is absolute: the working directory does not matter
            return CommandRunner.run(argv, Path.of(System.getProperty("java.io.tmpdir")), env, timeout, line -> { });
        } catch (CommandTimedOut e) {
            throw new VerbFailure(tool.getFileName() + " ran past " + Durations.format(timeout) + " and was stopped", "find out why it hangs (a lock?), then retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerbFailure(tool.getFileName() + " was interrupted and stopped", null);
        } finally {
            if (passfile != null) {
                Files.deleteIfExists(passfile);
            }
        }
    }

    /**
     * Password files of Ripcord processes that are gone (killed before they could delete theirs): removed before a new
     * one is written, so a kill -9 leaves a password on disk only until the next PostgreSQL command.
     */
    static void sweepPassfiles() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var files = Files.newDirectoryStream(tmp, "ripcord-pgpass-*")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().split("-");
                if (parts.length < 4) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(parts[2]);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    Files.deleteIfExists(f);
                } catch (NumberFormatException | java.io.IOException e) {
                    // not ours, or not ours to delete
                }
            }
        } catch (java.io.IOException e) {
            // an unreadable temp directory: nothing to sweep
        }
    }
}
