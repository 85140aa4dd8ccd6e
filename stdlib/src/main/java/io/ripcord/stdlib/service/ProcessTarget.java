package io.ripcord.stdlib.service;

import io.ripcord.stdlib.process.CommandRunner;
import io.ripcord.stdlib.process.CommandTimedOut;
import io.ripcord.stdlib.process.ShellCommand;
import io.ripcord.files.AtomicFile;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code process('api', start: './api serve', pidfile: '/run/api.pid', port: 8080)}: a service that is not a container.
 * Started in its own session ({@code setsid}), detached from Ripcord, output appended to {@code log:}; Ripcord writes
 * the pidfile with the pid it started (the command must stay in the foreground). Running means: the pid is alive, and
 * the port (when given) accepts connections. Stopped with {@code stop:} when given, else SIGTERM to the process and
 * its children, SIGKILL at the timeout.
 */
public record ProcessTarget(String name, Object start, Object stopCommand, Path pidfile, Integer port, Path log, Path dir)
        implements ServiceTarget {

    private static final long POLL_MILLIS = 100;

    @Override
    public String describe() {
        return "process " + name;
    }

    @Override
    public ServiceState observe(VerbContext context) {
        Optional<ProcessHandle> handle = handle();
        boolean portOpen = port != null && portOpen(port);
        boolean running = handle.isPresent() ? (port == null || portOpen) : (pidfile == null && portOpen);
        String detail = handle.map(h -> "pid " + h.pid()).orElse(pidfile == null ? null : "no live pid in " + pidfile)
                + (port == null ? "" : ", port " + port + (portOpen ? " open" : " closed"));
        boolean exists = start != null || handle.isPresent() || portOpen;
        return new ServiceState(exists, running, null, null, detail);
    }

    @Override
    public ServiceChange stop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        ServiceState before = observe(context);
        Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty() && !(port != null && portOpen(port))) {
            return new ServiceChange(describe(), "stop", before, before, false, Map.of());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (stopCommand != null) {
            context.output().info("stopping " + describe() + " with " + ShellCommand.display(stopCommand));
            try {
                ShellCommand.Prepared stop = ShellCommand.prepare(stopCommand, Map.of(), context.secrets());
                var result = CommandRunner.run(stop.argv(), dir, stop.env(), timeout, context.output()::output);
                if (result.exitCode() != 0) {
                    throw new VerbFailure("the stop command of " + describe() + " exited with " + result.exitCode() + ": " + CommandRunner.tail(result, 3), "stop it by hand; it may still run");
                }
            } catch (CommandTimedOut e) {
                throw new VerbFailure("the stop command of " + describe() + " did not finish within " + Durations.format(timeout), "stop it by hand; it may still run");
            } catch (IOException e) {
                throw new VerbFailure("cannot run the stop command of " + describe() + ": " + e.getMessage(), "check the stop: command");
            }
        } else if (handle.isPresent()) {
            context.output().info("stopping " + describe() + " (pid " + handle.get().pid() + "): SIGTERM, SIGKILL after " + Durations.format(timeout));
            List<ProcessHandle> tree = new ArrayList<>(handle.get().descendants().toList());
            tree.add(handle.get());
            tree.forEach(ProcessHandle::destroy);
            while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } else {
            throw new VerbFailure("cannot stop " + describe() + ": port " + port + " is open but there is no pidfile and no stop: command",
                    "give process(...) a pidfile: or a stop: command");
        }
        while (running() && System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(POLL_MILLIS);
        }
        ServiceState after = observe(context);
        if (after.running()) {
            throw new VerbFailure(describe() + " is still running after " + Durations.format(timeout) + " (" + after.detail() + ")", "stop it by hand (kill), or give stopService a longer timeout:");
        }
        return new ServiceChange(describe(), "stop", before, after, true, Map.of());
    }

    @Override
    public ServiceChange start(String image, Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        if (image != null) {
            throw new VerbFailure("image: is for containers; " + describe() + " runs its start: command", null);
        }
        ServiceState before = observe(context);
        if (before.running()) {
            return new ServiceChange(describe(), "start", before, before, false, Map.of());
        }
        if (start == null) {
            throw new VerbFailure("cannot start " + describe() + ": it has no start: command", "give process(...) a start: command");
        }
        ShellCommand.Prepared prepared = ShellCommand.prepare(start, Map.of(), context.secrets()); // secrets by environment
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(prepared.argv()); // a string runs in sh, whose children are stopped with it
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile());
        builder.environment().putAll(prepared.env());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        java.io.File out = log == null ? new java.io.File("/dev/null") : log.toFile();
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(out)).redirectErrorStream(true);
        context.output().info("starting " + describe() + ": " + ShellCommand.display(start) + (log == null ? "" : " (output to " + log + ")"));
        Process process;
        try {
            process = builder.start();
            if (pidfile != null) {
                byte[] pid = (process.pid() + "\n").getBytes(StandardCharsets.UTF_8);
                AtomicFile.write(pidfile, o -> {
                    o.write(pid);
                    return null;
                });
                // the pid's start time beside it: after a reboot the same pid may be another program, never to be killed
                byte[] started = process.info().startInstant().map(i -> i.toString() + "\n").orElse("").getBytes(StandardCharsets.UTF_8);
                AtomicFile.write(startedFile(), o -> {
                    o.write(started);
                    return null;
                });
            }
        } catch (IOException e) {
            throw new VerbFailure("cannot start " + describe() + ": " + e.getMessage(), "check the start: command and its dir:");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new VerbFailure(describe() + " exited with " + process.exitValue() + " right after starting" + logTail(),
                        log == null ? "give process(...) a log: file to see why" : "look at " + log);
            }
            if (port == null || portOpen(port)) {
                return new ServiceChange(describe(), "start", before, observe(context), true, Map.of("pid", process.pid()));
            }
            if (System.nanoTime() > deadline) {
                throw new VerbFailure(describe() + " started (pid " + process.pid() + ") but port " + port + " did not open within "
                        + Durations.format(timeout), "it is still running; stop it or look at its log");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean running() {
        return handle().isPresent() || (port != null && pidfile == null && portOpen(port));
    }

    private Optional<ProcessHandle> handle() {
        if (pidfile == null || !Files.isRegularFile(pidfile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            Optional<ProcessHandle> alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (alive.isPresent() && Files.isRegularFile(startedFile())) {
                String recorded = Files.readString(startedFile()).trim();
                String actual = alive.get().info().startInstant().map(Object::toString).orElse("");
                if (!recorded.isEmpty() && !recorded.equals(actual)) {
                    return Optional.empty(); // the pid was reused by another process: ours is gone
                }
            }
            return alive;
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // an empty or half-written pidfile: nothing alive to act on
        }
    }

    private Path startedFile() {
        return pidfile.resolveSibling(pidfile.getFileName() + ".started");
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        if (log == null || !Files.isRegularFile(log)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return ":\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String planStart(String image, VerbContext context) {
        ServiceState now = observe(context);
        return now.running() ? "already running (" + now.detail() + "): nothing to do" : "start " + ShellCommand.display(start);
    }
}
