package io.ripcord.stdlib.backup;

import io.ripcord.stdlib.docker.DockerEndpoint;
import io.ripcord.stdlib.docker.EngineSocket;
import io.ripcord.verb.VerbContext;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who holds a target a restore is about to replace: processes with a file open in it or their working directory in
 * it (read from {@code /proc}), and running containers that bind-mount it, a path inside it or a path above it (asked
 * of the local Docker Engine). Replacing a file under a process that has it open is how a writer ends up committing
 * into a deleted database; replacing a directory under a container leaves the container serving the deleted one.
 * Ripcord's own process never counts: its connections are its own and closed before the swap.
 */
final class TargetHolders {

    /** One holder, as messages name it: "pid 4242 (sqlite3)" or "container object-store". */
    record Holder(Kind kind, String name, String how, boolean mountsWithin) {
        Holder(Kind kind, String name, String how) {
            this(kind, name, how, false);
        }

        @Override
        public String toString() {
            return (kind == Kind.PROCESS ? "pid " : "container ") + name + " (" + how + ")";
        }
    }

    enum Kind { PROCESS, CONTAINER }

    /** What was found, and what could not be looked at (said, never guessed to be free). */
    record Found(List<Holder> holders, List<String> unchecked) {
        boolean free() {
            return holders.isEmpty();
        }

        boolean needsInPlace() {
            // a mount of the target itself (or of a path inside it) keeps seeing only that very directory
            return holders.stream().anyMatch(Holder::mountsWithin);
        }
    }

    private static final Path PROC = Path.of("/proc");

    private TargetHolders() {
    }

    /**
     * The holders of {@code target}: for a file, its SQLite companions ({@code -wal}, {@code -shm}, {@code -journal})
     * count as the file; for a directory, anything under it.
     */
    static Found of(Path target, boolean directory, VerbContext context) {
        Path real = realOrSelf(target);
        List<String> unchecked = new ArrayList<>();
        List<Holder> holders = new ArrayList<>(processes(real, directory, unchecked));
        containers(real, context, holders, unchecked);
        return new Found(List.copyOf(holders), List.copyOf(unchecked));
    }

    /** Processes holding the target; those whose open files this user may not read are counted into {@code unchecked}. */
    private static List<Holder> processes(Path target, boolean directory, List<String> unchecked) {
        List<Holder> found = new ArrayList<>();
        int unreadable = 0;
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : pids) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                String how = holds(proc, target, directory);
                if (how == UNREADABLE) {
                    unreadable++;
                } else if (how != null) {
                    found.add(new Holder(Kind.PROCESS, pid + " " + command(proc), how));
                }
            }
        } catch (IOException e) {
            // no /proc (not Linux): nothing can be said about processes
        }
        if (unreadable > 0) {
            unchecked.add(unreadable + " processes of other users (only root sees their open files)");
        }
        return found;
    }

    /** What {@link #holds} says of a live process whose open files this user may not list. */
    private static final String UNREADABLE = "(open files not readable)";

    /** How the process at {@code proc} holds the target, or null. A process that vanished meanwhile holds nothing. */
    private static String holds(Path proc, Path target, boolean directory) {
        Path cwd = link(proc.resolve("cwd"));
        if (directory && cwd != null && cwd.startsWith(target)) {
            return "its working directory is " + cwd;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                Path open = link(fd);
                if (open != null && covers(target, open, directory)) {
                    return "has " + open + " open";
                }
            }
        } catch (java.nio.file.AccessDeniedException | SecurityException e) {
            return UNREADABLE; // another user's process: a non-root Ripcord cannot see what it holds
        } catch (IOException e) {
            // gone meanwhile: it holds nothing
        }
        return null;
    }

    private static boolean covers(Path target, Path open, boolean directory) {
        if (directory) {
            return open.startsWith(target);
        }
        String name = open.toString();
        String t = target.toString();
        return name.equals(t) || name.equals(t + "-wal") || name.equals(t + "-shm") || name.equals(t + "-journal");
    }

    /** The process's name (its comm): never its command line, which may carry another program's secrets. */
    private static String command(Path proc) {
        try {
            return "(" + Files.readString(proc.resolve("comm")).strip() + ")";
        } catch (IOException e) {
            return "(?)";
        }
    }

    private static Path link(Path p) {
        try {
            String to = Files.readSymbolicLink(p).toString();
            return to.startsWith("/") && !to.endsWith(" (deleted)") ? Path.of(to) : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Running containers whose bind mounts or volumes meet the target; only an engine on this machine sees its paths. */
    private static void containers(Path target, VerbContext context, List<Holder> holders, List<String> unchecked) {
        DockerEndpoint endpoint;
        try {
            endpoint = DockerEndpoint.of(context.environment());
        } catch (RuntimeException e) {
            unchecked.add("containers (" + e.getMessage() + ")");
            return;
        }
        if (!endpoint.local()) {
            return; // a remote engine's mounts are another machine's paths
        }
        if (!Files.exists(Path.of(endpoint.host().substring("unix://".length())))) {
            return; // no engine on this machine, so no container can mount anything here
        }
        Object running;
        try {
            // the engine's API spoken directly: docker-java's client took ~0.5 s to start for this one request
            running = EngineSocket.getJson(endpoint, "/containers/json", LISTING);
        } catch (IOException e) {
            unchecked.add("containers (listing the running containers: " + e.getMessage() + ")");
            return;
        }
        if (!(running instanceof List<?> containers)) {
            unchecked.add("containers (the Docker Engine at " + endpoint + " answered the listing with something other than a list)");
            return;
        }
        for (Object each : containers) {
            if (!(each instanceof Map<?, ?> container)) {
                continue;
            }
            Map<?, ?> mount = mountOf(container, target);
            if (mount != null) {
                String name = container.get("Names") instanceof List<?> names && !names.isEmpty() ? String.valueOf(names.get(0)).replaceFirst("^/", "")
                        : String.valueOf(container.get("Id")).substring(0, 12);
                Path source = realOrSelf(Path.of(String.valueOf(mount.get("Source"))));
                Object destination = mount.get("Destination");
                String how = source.equals(target) ? "mounts it at " + destination
                        : source.startsWith(target) ? "mounts " + source + ", inside it, at " + destination
                        : "mounts " + source + ", above it, at " + destination;
                holders.add(new Holder(Kind.CONTAINER, name, how, source.startsWith(target)));
            }
        }
    }

    /** How long the engine may take to list its containers before the guard says it could not check them. */
    private static final Duration LISTING = Duration.ofSeconds(30);

    /** The container's first mount that is the target, inside it or above it; null when none. */
    private static Map<?, ?> mountOf(Map<?, ?> container, Path target) {
        if (!(container.get("Mounts") instanceof List<?> mounts)) {
            return null;
        }
        for (Object each : mounts) {
            if (each instanceof Map<?, ?> mount && mount.get("Source") instanceof String source && !source.isEmpty()) {
                Path real = realOrSelf(Path.of(source));
                if (real.startsWith(target) || target.startsWith(real)) {
                    return mount;
                }
            }
        }
        return null;
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
