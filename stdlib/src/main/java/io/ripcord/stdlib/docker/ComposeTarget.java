package io.ripcord.stdlib.docker;

import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.stdlib.process.CommandRunner;
import io.ripcord.stdlib.process.CommandTimedOut;
import io.ripcord.stdlib.service.ServiceChange;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.stdlib.service.ServiceTarget;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code compose('shop', 'web', file: 'docker-compose.yml')}: one service of a Compose project, through the
 * {@code docker compose} plugin or the older {@code docker-compose} command, whichever is installed. Compose decides
 * the configuration (and recreates on a changed image); Ripcord waits on the engine for the real state.
 */
public record ComposeTarget(String project, String service, Path file) implements ServiceTarget {

    @Override
    public String describe() {
        return "compose " + project + "/" + service;
    }

    @Override
    public ServiceState observe(VerbContext context) throws VerbFailure, InterruptedException {
        String id = containerId(context);
        if (id == null) {
            return ServiceState.missing();
        }
        try (DockerEngine engine = DockerEngine.connect(context)) {
            var c = ContainerTarget.inspect(engine, id);
            return c == null ? ServiceState.missing() : ContainerTarget.state(c);
        }
    }

    @Override
    public ServiceChange stop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        ServiceState before = observe(context);
        if (!before.running()) {
            return new ServiceChange(describe(), "stop", before, before, false, Map.of());
        }
        compose(context, timeout.plusSeconds(30), "stop", "-t", String.valueOf(Math.max(1, timeout.toSeconds())), service);
        ServiceState after = observe(context);
        if (after.running()) {
            throw new VerbFailure(describe() + " is still running after compose stop (" + after.describe() + ")", "look at `docker compose -p " + project + " ps` and its logs");
        }
        return new ServiceChange(describe(), "stop", before, after, true, Map.of());
    }

    @Override
    public ServiceChange start(String image, Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        if (image != null) {
            throw new VerbFailure("image: cannot be given to " + describe(), "set the image in " + file + " (an ${VARIABLE} works), then startService");
        }
        ServiceState before = observe(context);
        compose(context, timeout.plusSeconds(30), "up", "-d", "--no-deps", service); // only this service, not what it depends on
        String id = containerId(context);
        if (id == null) {
            throw new VerbFailure("compose up did not create a container for " + describe(), "check that " + file + " defines the service " + service);
        }
        try (DockerEngine engine = DockerEngine.connect(context)) {
            ServiceState after = ContainerWait.running(engine, id, timeout);
            boolean changed = !before.running() || !java.util.Objects.equals(before.imageId(), after.imageId());
            return new ServiceChange(describe(), "start", before, after, changed, Map.of());
        }
    }

    @Override
    public String planStart(String image, VerbContext context) throws VerbFailure, InterruptedException {
        ServiceState now = observe(context);
        return "compose up -d --no-deps " + service + " (now " + now.describe() + "; compose recreates it if its configuration or image changed)";
    }

    private String containerId(VerbContext context) throws VerbFailure, InterruptedException {
        String out = compose(context, Duration.ofSeconds(30), "ps", "-q", service).stdout().strip();
        return out.isEmpty() ? null : out.lines().findFirst().orElse(null);
    }

    private CommandResult compose(VerbContext context, Duration timeout, String... args) throws VerbFailure, InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new VerbFailure("no compose file " + file, "give compose(...) file: the path of docker-compose.yml");
        }
        List<String> argv = new ArrayList<>(command(context));
        argv.addAll(List.of("-p", project, "-f", file.toString()));
        argv.addAll(List.of(args));
        try {
            // the run's environment (DOCKER_HOST, compose variables), so compose talks to the engine docker-java talks to
            CommandResult result = CommandRunner.run(argv, file.getParent(), context.environment(), timeout, line -> { });
            if (result.exitCode() != 0) {
                throw new VerbFailure(String.join(" ", argv.subList(0, Math.min(argv.size(), 2))) + " " + String.join(" ", args)
                        + " failed (exit " + result.exitCode() + "): " + CommandRunner.tail(result, 3), "run the same compose command by hand to see all of its output");
            }
            return result;
        } catch (CommandTimedOut e) {
            throw new VerbFailure("compose " + String.join(" ", args) + " did not finish within " + Durations.format(timeout), "its containers are as compose left them: `docker compose -p " + project + " ps`");
        } catch (IOException e) {
            throw new VerbFailure("cannot run compose: " + e.getMessage(), "install the compose plugin (docker-compose-plugin) or docker-compose");
        }
    }

    /** Which compose command this machine has: asked once per process (each probe costs a docker CLI start). */
    private static volatile List<String> found;

    /** {@code docker compose} when the plugin answers, else {@code docker-compose}. */
    private static List<String> command(VerbContext context) throws VerbFailure, InterruptedException {
        List<String> known = found;
        if (known != null) {
            return known;
        }
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> probe = new ArrayList<>(candidate);
            probe.add("version");
            try {
                if (CommandRunner.run(probe, context.workingDirectory(), Map.of(), Duration.ofSeconds(20), line -> { }).exitCode() == 0) {
                    found = candidate;
                    return candidate;
                }
            } catch (IOException | CommandTimedOut e) {
                // not installed: try the next
            }
        }
        throw new VerbFailure("neither `docker compose` nor `docker-compose` is installed",
                "install the compose plugin (docker-compose-plugin) or docker-compose");
    }
}
