package io.ripcord.stdlib.process;

import io.ripcord.process.ChildGroups;
import io.ripcord.process.ProcessGroup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a program and waits for it, at most {@code timeout}. The program runs in a process group of its own, recorded
 * while it runs ({@link ChildGroups}); on timeout or interrupt (Ctrl-C, SIGTERM, SIGHUP) the whole group is stopped
 * (TERM, then KILL after a grace period), so a verb can never hang on, or leave behind, a child or grandchild.
 * Output is captured (up to 1 MiB per stream, then the tail) and handed line by line to a listener. Secrets go in
 * {@code extraEnv} or files, never in {@code argv}: any user can read a process's command line.
 */
public final class CommandRunner {

    private static final int CAPTURE_LIMIT = 1 << 20;
    private static final Duration GRACE = Duration.ofSeconds(3);

    private CommandRunner() {
    }

    public static CommandResult run(List<String> argv, Path dir, Map<String, String> extraEnv, Duration timeout,
                                    Consumer<String> onLine) throws IOException, InterruptedException, CommandTimedOut {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile());
        // a null value removes the variable: a child must not see an inherited PGPASSWORD that would override its own
        extraEnv.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // setsid would turn "no such program" into an exit status of its own: a missing one fails to start, as before
        if (findable(argv.get(0), builder.environment().get("PATH"), dir)) {
            builder.command(ProcessGroup.inOwnGroup(argv));
        }
        long start = System.nanoTime();
        Process process = builder.start();
        Optional<ProcessGroup> group = ProcessGroup.ledBy(process);
        try {
            group.ifPresent(g -> ChildGroups.started(g, Path.of(argv.get(0)).getFileName().toString()));
            return waitFor(process, group, timeout, onLine, start);
        } catch (RuntimeException e) { // the group could not be recorded: nothing may run unrecorded
            stopTree(process, group);
            throw e;
        } finally {
            group.ifPresent(ChildGroups::ended);
        }
    }

    private static CommandResult waitFor(Process process, Optional<ProcessGroup> group, Duration timeout, Consumer<String> onLine,
                                         long start) throws InterruptedException, CommandTimedOut {
        OutputBuffer out = new OutputBuffer(CAPTURE_LIMIT);
        OutputBuffer err = new OutputBuffer(CAPTURE_LIMIT);
        Thread outReader = pump(process.getInputStream(), out, onLine, "stdout");
        Thread errReader = pump(process.getErrorStream(), err, onLine, "stderr");
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            stopTree(process, group);
            throw e;
        }
        if (!finished) {
            stopTree(process, group);
        }
        outReader.join(GRACE.toMillis());
        errReader.join(GRACE.toMillis());
        CommandResult result = new CommandResult(finished ? process.exitValue() : -1, out.text(), err.text(),
                Duration.ofNanos(System.nanoTime() - start), out.truncated() || err.truncated());
        if (!finished) {
            throw new CommandTimedOut(result);
        }
        return result;
    }

    private static boolean findable(String program, String path, Path dir) {
        if (program.contains("/")) {
            return java.nio.file.Files.isExecutable(dir.resolve(program));
        }
        return path != null && java.util.Arrays.stream(path.split(":")).filter(p -> !p.isEmpty())
                .anyMatch(p -> java.nio.file.Files.isExecutable(dir.resolve(p).resolve(program)));
    }

    /** The last lines of standard error, or of standard output when the command wrote nothing to stderr. */
    public static String tail(CommandResult result, int lines) {
        String source = result.stderr().isBlank() ? result.stdout() : result.stderr();
        String[] all = source.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length)).strip();
    }

    private static Thread pump(InputStream stream, OutputBuffer buffer, Consumer<String> onLine, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    buffer.append(line);
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // the process was killed and its pipe closed: what was read is kept
            }
        }, "ripcord-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void stopTree(Process process, Optional<ProcessGroup> group) throws InterruptedException {
        // descendants too: one that made a session of its own left the group but is still the command's
        List<ProcessHandle> tree = new java.util.ArrayList<>(List.of(process.toHandle()));
        tree.addAll(process.descendants().toList());
        if (group.isPresent()) {
            group.get().stop(GRACE, tree);
            return;
        }
        // no group of its own (no setsid here): the command itself first, then what it started, as a tree
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }
}
