package io.ripcord.stdlib.docker;

import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.stdlib.service.ServiceChange;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.stdlib.service.ServiceTarget;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.nio.file.Path;
import java.time.Duration;
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

    @Override
    public String startByHand(VerbContext context) throws VerbFailure, InterruptedException {
        return ComposeCommand.line(project, file, context, "up", "-d", "--no-deps", service);
    }

    private String containerId(VerbContext context) throws VerbFailure, InterruptedException {
        String out = compose(context, Duration.ofSeconds(30), "ps", "-q", service).stdout().strip();
        return out.isEmpty() ? null : out.lines().findFirst().orElse(null);
    }

    private CommandResult compose(VerbContext context, Duration timeout, String... args) throws VerbFailure, InterruptedException {
        return ComposeCommand.run(project, file, context, timeout, args);
    }
}
