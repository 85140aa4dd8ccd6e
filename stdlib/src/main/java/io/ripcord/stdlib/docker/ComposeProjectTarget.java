package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.health.HealthProbe;
import io.ripcord.stdlib.retry.Retry;
import io.ripcord.stdlib.service.ServiceChange;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.stdlib.service.ServiceTarget;
import io.ripcord.units.Counts;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code compose('shop', file: '/srv/shop/docker-compose.yml')}: a whole Compose project as one service. Stopping it
 * is {@code down} without {@code -v}, so its named volumes and their data stay; starting it is {@code up -d}; it is
 * healthy when every service of the file has a running container, healthy too where its image declares a
 * HEALTHCHECK. Its containers are found on the engine by their {@code com.docker.compose.project} label.
 */
public record ComposeProjectTarget(String project, Path file) implements ServiceTarget, HealthProbe {

    static final String PROJECT_LABEL = "com.docker.compose.project";
    private static final String SERVICE_LABEL = "com.docker.compose.service";
    private static final String CONFIG_FILES_LABEL = "com.docker.compose.project.config_files";
    private static final Duration MARGIN = Duration.ofSeconds(30);

    /** One container of the project, as the engine shows it. */
    record Member(String service, String id, ServiceState state, String health) {
        String describe() {
            return service + " " + (state.running() ? health == null ? "running" : "running, health " + health : state.describe());
        }
    }

    @Override
    public String describe() {
        return "compose project " + project;
    }

    @Override
    public ServiceState observe(VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context)) {
            return state(members(engine));
        }
    }

    /** The project's containers (not one-off `compose run` ones), by service name. */
    List<Member> members(DockerEngine engine) throws VerbFailure, InterruptedException {
        List<Container> found = engine.call("list the containers of " + describe(), client -> client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT_LABEL, project)).exec());
        List<Member> members = new ArrayList<>();
        for (Container c : found) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            if ("True".equalsIgnoreCase(labels.get("com.docker.compose.oneoff"))) {
                continue;
            }
            InspectContainerResponse inspected = ContainerTarget.inspect(engine, c.getId());
            if (inspected != null) {
                var health = inspected.getState().getHealth();
                members.add(new Member(labels.getOrDefault(SERVICE_LABEL, c.getId()), c.getId(), ContainerTarget.state(inspected),
                        health == null ? null : health.getStatus()));
            }
        }
        members.sort(java.util.Comparator.comparing(Member::service));
        return members;
    }

    /** The project as one state: running when every container runs; the detail names each service. */
    static ServiceState state(List<Member> members) {
        if (members.isEmpty()) {
            return new ServiceState(false, false, null, null, "no containers");
        }
        boolean all = members.stream().allMatch(m -> m.state().running());
        List<String> each = members.stream().map(Member::describe).toList();
        return new ServiceState(true, all, null, null, Counts.of(members.size(), "container") + ": " + String.join("; ", each));
    }

    @Override
    public ServiceChange stop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context, timeout.plus(MARGIN))) {
            List<Member> before = members(engine);
            ServiceState was = state(before);
            if (before.isEmpty()) {
                refuseUnknown(engine, "nothing was stopped");
                context.output().info(describe() + " has no containers: already down");
                return new ServiceChange(describe(), "stop", was, was, false, Map.of());
            }
            if (before.stream().noneMatch(m -> m.state().running())) {
                return new ServiceChange(describe(), "stop", was, was, false, Map.of());
            }
            String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
            context.output().info("stopping " + describe() + " (" + String.join(", ", services(before)) + "): "
                    + ComposeCommand.line(project, file, context, "down", "-t", seconds) + " (volumes kept)");
            ComposeCommand.run(project, file, context, timeout.plus(MARGIN), "down", "-t", seconds); // never -v: the volumes are the data
            List<Member> after = members(engine);
            if (after.stream().anyMatch(m -> m.state().running())) {
                throw new VerbFailure(describe() + " still runs after compose down: " + state(after).detail(),
                        "look at `" + ComposeCommand.line(project, file, context, "ps") + "` and its logs");
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("services", services(before.stream().filter(m -> m.state().running()).toList()));
            kept.put("startByHand", startByHand(context));
            return new ServiceChange(describe(), "stop", was, state(after), true, kept);
        }
    }

    @Override
    public ServiceChange start(String image, Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        if (image != null) {
            throw new VerbFailure("image: cannot be given to " + describe(), "set the images in " + file + " (an ${VARIABLE} works), then startService");
        }
        try (DockerEngine engine = DockerEngine.connect(context, timeout.plus(MARGIN))) {
            List<Member> before = members(engine);
            if (before.isEmpty()) {
                refuseUnknown(engine, "nothing was started");
            }
            List<String> expected = configured(context);
            context.output().info("starting " + describe() + " (" + String.join(", ", expected) + "): " + ComposeCommand.line(project, file, context, "up", "-d"));
            List<Member> after;
            try {
                ComposeCommand.run(project, file, context, timeout.plus(MARGIN), "up", "-d");
                after = waitRunning(engine, expected, timeout);
            } catch (VerbFailure e) {
                throw new VerbFailure(ProblemCode.STEP_FAILED, describe() + " did not start: " + e.getMessage(),
                        "start it by hand: " + startByHand(context) + " (then `" + ComposeCommand.line(project, file, context, "logs", "--tail", "50") + "`)");
            }
            boolean changed = !state(before).running() || !ids(before).equals(ids(after));
            return new ServiceChange(describe(), "start", state(before), state(after), changed, Map.of());
        }
    }

    /** Waits until every service of the file has a running container; one that exits fails at once, named. */
    private List<Member> waitRunning(DockerEngine engine, List<String> expected, Duration timeout) throws VerbFailure, InterruptedException {
        List<Member> members = members(engine);
        for (String service : expected) {
            Member m = members.stream().filter(x -> x.service().equals(service)).findFirst()
                    .orElseThrow(() -> new VerbFailure("compose up created no container for service " + service));
            try {
                ContainerWait.running(engine, m.id(), timeout);
            } catch (VerbFailure e) {
                throw new VerbFailure("service " + service + ": " + e.getMessage());
            }
        }
        return members(engine);
    }

    @Override
    public String planStop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        try (DockerEngine engine = DockerEngine.connect(context)) {
            List<Member> now = members(engine);
            if (now.isEmpty()) {
                VerbFailure unknown = unknown(engine, "nothing is stopped");
                return unknown != null ? unknown.getMessage() + " — stopService will fail" : "has no containers: already down, nothing to do";
            }
            if (now.stream().noneMatch(m -> m.state().running())) {
                return "nothing runs: nothing to do (now " + state(now).detail() + ")";
            }
            return "down, volumes kept: " + ComposeCommand.line(project, file, context, "down", "-t", String.valueOf(Math.max(1, timeout.toSeconds())))
                    + " (now " + state(now).detail() + ")";
        }
    }

    @Override
    public String planStart(String image, VerbContext context) throws VerbFailure, InterruptedException {
        if (image != null) {
            return "image: cannot be given to " + describe() + " — startService will fail";
        }
        try (DockerEngine engine = DockerEngine.connect(context)) {
            List<Member> now = members(engine);
            VerbFailure unknown = now.isEmpty() ? unknown(engine, "nothing is started") : null;
            if (unknown != null) {
                return unknown.getMessage() + " — startService will fail";
            }
            return "up -d: " + startByHand(context) + " (now " + (now.isEmpty() ? "no containers" : state(now).detail())
                    + "; compose recreates a service whose configuration or image changed)";
        }
    }

    @Override
    public String startByHand(VerbContext context) throws VerbFailure, InterruptedException {
        return ComposeCommand.line(project, file, context, "up", "-d");
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        List<String> expected = Files.isRegularFile(file) ? configured(context) : List.of();
        try (DockerEngine engine = DockerEngine.connect(context, timeout)) {
            List<Member> members = members(engine);
            if (members.isEmpty()) {
                VerbFailure unknown = unknown(engine, "nothing was probed");
                return Retry.Observation.failed(unknown != null ? unknown.getMessage() : describe() + " has no containers (down, or not this project name)");
            }
            List<String> problems = new ArrayList<>();
            for (String service : expected) {
                if (members.stream().noneMatch(m -> m.service().equals(service))) {
                    problems.add("service " + service + " has no container");
                }
            }
            for (Member m : members) {
                if (!m.state().running()) {
                    problems.add("service " + m.service() + " is not running (" + m.state().describe() + ")");
                } else if (m.health() != null && !"healthy".equals(m.health())) {
                    problems.add("service " + m.service() + " is running but Docker health " + m.health());
                }
            }
            if (!problems.isEmpty()) {
                return Retry.Observation.failed(String.join("; ", problems));
            }
            return Retry.Observation.ok(Counts.of(members.size(), "service") + " running: " + String.join(", ", members.stream().map(Member::describe).toList()));
        }
    }

    @Override
    public String observeForPlan(VerbContext context) {
        try {
            ServiceState now = observe(context);
            return now.exists() ? now.detail() : "no containers";
        } catch (VerbFailure e) {
            return "cannot look now: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The services the compose file defines ({@code config --services}), in name order. */
    private List<String> configured(VerbContext context) throws VerbFailure, InterruptedException {
        String out = ComposeCommand.run(project, file, context, Duration.ofSeconds(60), "config", "--services").stdout();
        return new ArrayList<>(new TreeSet<>(out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }

    /**
     * A project without containers while another project runs from the same compose file is a wrong name, not a
     * project that is down: stopping would do nothing and starting would create a second stack with empty volumes.
     */
    private void refuseUnknown(DockerEngine engine, String nothing) throws VerbFailure, InterruptedException {
        VerbFailure unknown = unknown(engine, nothing);
        if (unknown != null) {
            throw unknown;
        }
    }

    private VerbFailure unknown(DockerEngine engine, String nothing) throws VerbFailure, InterruptedException {
        TreeSet<String> sameFile = new TreeSet<>();
        for (Container c : engine.call("list containers", client -> client.listContainersCmd().withShowAll(true).exec())) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String other = labels.get(PROJECT_LABEL);
            String files = labels.getOrDefault(CONFIG_FILES_LABEL, "");
            if (other != null && !other.equals(project) && List.of(files.split(",")).contains(file.toString())) {
                sameFile.add(other);
            }
        }
        if (sameFile.isEmpty()) {
            return null;
        }
        List<String> near = NearestNames.to(project, sameFile);
        return new VerbFailure(ProblemCode.TARGET_MISSING, "compose project '" + project + "' has no containers on the Docker Engine at "
                + engine.endpoint() + ", but " + (sameFile.size() == 1 ? "project " : "projects ") + String.join(", ", sameFile) + " runs from "
                + file + " — did you mean " + String.join(" or ", near.isEmpty() ? List.copyOf(sameFile) : near) + "?",
                "give compose(...) the project name its containers carry (docker ps -a --filter label=" + PROJECT_LABEL + "); " + nothing);
    }

    private static List<String> services(List<Member> members) {
        return members.stream().map(Member::service).distinct().toList();
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::id).sorted().toList();
    }

    @Override
    public Object journalValue() {
        return describe();
    }
}
