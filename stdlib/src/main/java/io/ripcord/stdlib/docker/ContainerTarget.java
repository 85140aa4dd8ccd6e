package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.ripcord.problem.NearestNames;
import io.ripcord.stdlib.health.HealthProbe;
import io.ripcord.stdlib.retry.Retry;
import io.ripcord.stdlib.service.ServiceChange;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.stdlib.service.ServiceTarget;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code container('workload-app')}: a Docker container by name, as a service (stop, start, recreate on a new image)
 * and as a health probe (running, and healthy when its image defines a HEALTHCHECK).
 */
public record ContainerTarget(String name) implements ServiceTarget, HealthProbe {

    /** Margin over a stop's own timeout for the engine to answer (it kills the container at the timeout). */
    private static final Duration ENGINE_MARGIN = Duration.ofSeconds(30);

    @Override
    public String describe() {
        return "container " + name;
    }

    @Override
    public ServiceState observe(VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context)) {
            return observe(engine);
        }
    }

    ServiceState observe(DockerEngine engine) throws VerbFailure, InterruptedException {
        InspectContainerResponse c = inspect(engine, name);
        return c == null ? ServiceState.missing() : state(c);
    }

    static ServiceState state(InspectContainerResponse c) {
        var s = c.getState();
        boolean running = Boolean.TRUE.equals(s.getRunning()) && !Boolean.TRUE.equals(s.getRestarting());
        String detail = null;
        if (s.getHealth() != null) {
            detail = "health " + s.getHealth().getStatus();
        } else if (!running && s.getExitCodeLong() != null && "exited".equals(s.getStatus())) {
            detail = "exited with " + s.getExitCodeLong();
        } else if (Boolean.TRUE.equals(s.getRestarting())) {
            detail = "restarting";
        }
        return new ServiceState(true, running, c.getConfig().getImage(), c.getImageId(), detail);
    }

    /** The container, or null when there is none by that name. */
    static InspectContainerResponse inspect(DockerEngine engine, String name) throws VerbFailure, InterruptedException {
        try {
            return engine.call("inspect container " + name, client -> client.inspectContainerCmd(name).exec());
        } catch (NotFoundException e) {
            return null;
        }
    }

    VerbFailure missing(DockerEngine engine, String next) throws InterruptedException {
        List<String> names;
        try {
            names = engine.call("list containers", client -> client.listContainersCmd().withShowAll(true).exec()).stream()
                    .flatMap(c -> java.util.Arrays.stream(c.getNames())).map(n -> n.startsWith("/") ? n.substring(1) : n).toList();
        } catch (VerbFailure e) {
            names = List.of();
        }
        List<String> near = NearestNames.to(name, names);
        return new VerbFailure("no container named '" + name + "' on the Docker Engine at " + engine.endpoint()
                + (near.isEmpty() ? "" : " — did you mean " + String.join(" or ", near) + "?"), next);
    }

    @Override
    public ServiceChange stop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context, timeout.plus(ENGINE_MARGIN))) {
            ServiceState before = observe(engine);
            if (!before.exists()) {
                throw missing(engine, "check the name (docker ps -a); nothing was stopped");
            }
            if (!before.running()) {
                return new ServiceChange(describe(), "stop", before, before, false, Map.of());
            }
            context.output().info("stopping " + describe() + " (" + before.describe() + "), at most " + io.ripcord.units.Durations.format(timeout));
            int seconds = (int) Math.max(1, timeout.toSeconds());
            try {
                engine.call("stop " + describe(), client -> client.stopContainerCmd(name).withTimeout(seconds).exec());
            } catch (NotModifiedException e) {
                // stopped between our look and the request: that is what we wanted
            }
            ServiceState after = ContainerWait.until(engine, name, state -> !state.running(), timeout.plus(Duration.ofSeconds(10)), "stop");
            return new ServiceChange(describe(), "stop", before, after, true, Map.of());
        }
    }

    @Override
    public ServiceChange start(String image, Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context, timeout.plus(ENGINE_MARGIN))) {
            InspectContainerResponse current = inspect(engine, name);
            if (current == null && ContainerRecreation.repairName(engine, name, context.output())) {
                current = inspect(engine, name);
            }
            if (current == null) {
                throw missing(engine, "create it first (docker run / docker compose up): startService starts or recreates an existing container");
            }
            ServiceState before = state(current);
            String wanted = image != null ? image : current.getConfig().getImage();
            String wantedId = Images.idOf(engine, wanted);
            if (wantedId.equals(current.getImageId())) {
                if (before.running()) {
                    return new ServiceChange(describe(), "start", before, before, false, Map.of());
                }
                context.output().info("starting " + describe() + " (" + before.describe() + ")");
                try {
                    engine.call("start " + describe(), client -> client.startContainerCmd(name).exec());
                } catch (NotModifiedException e) {
                    // already started in between
                }
                ServiceState after = ContainerWait.running(engine, name, timeout);
                return new ServiceChange(describe(), "start", before, after, true, Map.of());
            }
            context.output().info("changing " + describe() + " to " + wanted + " (" + ServiceState.shortId(wantedId) + "); it ran "
                    + ServiceState.shortId(current.getImageId()));
            InspectContainerResponse keptContainer = inspect(engine, ContainerRecreation.keptName(name));
            Map<String, Object> kept = keptContainer != null && wantedId.equals(keptContainer.getImageId())
                    && !Boolean.TRUE.equals(keptContainer.getState().getRunning())
                    ? ContainerRecreation.swapBack(engine, current, keptContainer, timeout, context.output())
                    : ContainerRecreation.recreate(engine, current, wanted, timeout, context.output());
            ServiceState after = ContainerWait.running(engine, name, timeout);
            return new ServiceChange(describe(), "start", before, after, true, kept);
        }
    }

    @Override
    public String planStart(String image, VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context)) {
            InspectContainerResponse current = inspect(engine, name);
            if (current == null) {
                return "does not exist — startService will fail";
            }
            String wanted = image != null ? image : current.getConfig().getImage();
            String wantedId;
            try {
                wantedId = Images.idOf(engine, wanted);
            } catch (VerbFailure e) {
                return "image " + wanted + " does not exist — startService will fail";
            }
            ServiceState now = state(current);
            if (!wantedId.equals(current.getImageId())) {
                InspectContainerResponse keptContainer = inspect(engine, ContainerRecreation.keptName(name));
                if (keptContainer != null && wantedId.equals(keptContainer.getImageId())) {
                    return "put back " + ContainerRecreation.keptName(name) + ", which runs " + wanted + " (" + ServiceState.shortId(wantedId)
                            + "; now " + now.describe() + "), keeping the current one stopped in its place";
                }
                return "recreate on " + wanted + " (" + ServiceState.shortId(wantedId) + "; now " + now.describe()
                        + "), keeping the old container stopped as " + ContainerRecreation.keptName(name);
            }
            // an earlier step of the same run may still move the tag; the plan cannot know, so it says what would decide
            String unless = image == null ? "; recreated if " + wanted + " points elsewhere by then" : "";
            return (now.running() ? "nothing to do now (" + now.describe() + ")" : "start (now " + now.describe() + ")") + unless;
        }
    }

    @Override
    public String startByHand(VerbContext context) {
        return "docker start " + name;
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        try (DockerEngine engine = DockerEngine.connect(context, timeout)) {
            InspectContainerResponse c = inspect(engine, name);
            if (c == null) {
                return Retry.Observation.failed("no container named '" + name + "'");
            }
            ServiceState state = state(c);
            if (!state.running()) {
                return Retry.Observation.failed("not running (" + state.describe() + ")");
            }
            var health = c.getState().getHealth();
            if (health != null && !"healthy".equals(health.getStatus())) {
                String last = health.getLog() == null || health.getLog().isEmpty() ? ""
                        : ": " + String.valueOf(health.getLog().get(health.getLog().size() - 1).getOutput()).strip();
                return Retry.Observation.failed("Docker health " + health.getStatus() + last);
            }
            return Retry.Observation.ok(health == null ? "running" : "running, Docker health healthy");
        }
    }

    @Override
    public String observeForPlan(VerbContext context) {
        try {
            return observe(context).describe();
        } catch (VerbFailure e) {
            return "cannot look now: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public Object journalValue() {
        return describe();
    }
}
