package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbOutput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recreates a container on another image with its configuration, as {@code docker compose up -d} does when the image
 * changed: settings the container inherited from its old image (command, entrypoint, environment entries, working
 * directory, user, labels, health check) come from the new image; the ones it was given stay. The old container is not
 * removed but stopped and renamed to {@code NAME.ripcord-previous}, so a rollback can put it back exactly; the one
 * kept from an earlier recreation is removed first. Environment values are never journaled, only their names.
 */
final class ContainerRecreation {

    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private ContainerRecreation() {
    }

    static String keptName(String name) {
        return name + ".ripcord-previous";
    }

    static Map<String, Object> recreate(DockerEngine engine, InspectContainerResponse old, String image, Duration timeout, VerbOutput output)
            throws VerbFailure, InterruptedException {
        String name = old.getName().startsWith("/") ? old.getName().substring(1) : old.getName();
        String kept = keptName(name);
        InspectImageResponse newImage = Images.inspect(engine, image);
        ContainerConfig oldImageConfig = oldImageConfig(engine, old.getImageId());
        CreateContainerCmd create = engine.client().createContainerCmd(image).withName(name).withHostConfig(old.getHostConfig());
        ContainerConfig c = old.getConfig();
        ContainerConfig base = oldImageConfig == null ? new ContainerConfig() : oldImageConfig;
        List<String> ownEnv = own(c.getEnv(), base.getEnv());
        if (!ownEnv.isEmpty()) {
            create.withEnv(ownEnv);
        }
        if (c.getCmd() != null && !Arrays.equals(c.getCmd(), base.getCmd())) {
            create.withCmd(c.getCmd());
        }
        if (c.getEntrypoint() != null && !Arrays.equals(c.getEntrypoint(), base.getEntrypoint())) {
            create.withEntrypoint(c.getEntrypoint());
        }
        if (c.getWorkingDir() != null && !c.getWorkingDir().isEmpty() && !Objects.equals(c.getWorkingDir(), base.getWorkingDir())) {
            create.withWorkingDir(c.getWorkingDir());
        }
        if (c.getUser() != null && !c.getUser().isEmpty() && !Objects.equals(c.getUser(), base.getUser())) {
            create.withUser(c.getUser());
        }
        Map<String, String> labels = new LinkedHashMap<>(c.getLabels() == null ? Map.of() : c.getLabels());
        if (base.getLabels() != null) {
            base.getLabels().forEach((k, v) -> labels.remove(k, v));
        }
        if (!labels.isEmpty()) {
            create.withLabels(labels);
        }
        if (c.getExposedPorts() != null) {
            create.withExposedPorts(c.getExposedPorts());
        }
        if (c.getHealthcheck() != null && !Objects.equals(c.getHealthcheck(), base.getHealthcheck())) {
            create.withHealthcheck(c.getHealthcheck());
        }

        if (ContainerTarget.inspect(engine, kept) != null) {
            engine.call("remove " + kept, client -> client.removeContainerCmd(kept).withForce(true).exec());
        }
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        if (wasRunning) {
            // Docker's own default grace: the old container gets SIGTERM, then SIGKILL after at most 10 seconds
            int seconds = (int) Math.max(1, Math.min(timeout.toSeconds(), STOP_GRACE.toSeconds()));
            engine.call("stop container " + name, client -> client.stopContainerCmd(old.getId()).withTimeout(seconds).exec());
        }
        engine.call("rename container " + name, client -> client.renameContainerCmd(old.getId()).withName(kept).exec());
        String createdId;
        try {
            createdId = engine.call("create container " + name, client -> create.exec()).getId();
            engine.call("start container " + name, client -> client.startContainerCmd(createdId).exec());
        } catch (VerbFailure e) {
            putBack(engine, old.getId(), name, wasRunning, output);
            throw new VerbFailure(e.getMessage() + "; the old container was put back" + (wasRunning ? " and started" : ""), e.next());
        }
        output.info("old container kept, stopped, as " + kept);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("previousContainer", kept);
        record.put("previousContainerId", old.getId());
        record.put("previousImage", c.getImage());
        record.put("previousImageId", old.getImageId());
        record.put("newImage", image);
        record.put("newImageId", newImage.getId());
        record.put("config", summary(old));
        return record;
    }

    /** After a failed create or start: remove what was created under the name, rename the old one back, restart it. */
    private static void putBack(DockerEngine engine, String oldId, String name, boolean start, VerbOutput output) throws InterruptedException {
        try {
            InspectContainerResponse half = ContainerTarget.inspect(engine, name);
            if (half != null && !half.getId().equals(oldId)) {
                engine.call("remove " + name, client -> client.removeContainerCmd(half.getId()).withForce(true).exec());
            }
            engine.call("rename back", client -> client.renameContainerCmd(oldId).withName(name).exec());
            if (start) {
                engine.call("start " + name, client -> client.startContainerCmd(oldId).exec());
            }
        } catch (VerbFailure e) {
            output.warn("could not put the old container back: " + e.getMessage() + " — it is " + keptName(name));
        }
    }

    private static ContainerConfig oldImageConfig(DockerEngine engine, String imageId) throws InterruptedException {
        try {
            return engine.call("inspect image " + imageId, client -> client.inspectImageCmd(imageId).exec()).getConfig();
        } catch (NotFoundException | VerbFailure e) {
            return null; // the old image is gone: keep every setting as the container had it
        }
    }

    private static List<String> own(String[] container, String[] image) {
        if (container == null) {
            return List.of();
        }
        List<String> inherited = image == null ? List.of() : Arrays.asList(image);
        List<String> out = new ArrayList<>();
        for (String entry : container) {
            if (!inherited.contains(entry)) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The old container's configuration for the journal: everything but environment values. */
    static Map<String, Object> summary(InspectContainerResponse old) {
        ContainerConfig c = old.getConfig();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", c.getImage());
        m.put("cmd", c.getCmd() == null ? null : List.of(c.getCmd()));
        m.put("entrypoint", c.getEntrypoint() == null ? null : List.of(c.getEntrypoint()));
        m.put("envNames", c.getEnv() == null ? List.of() : Arrays.stream(c.getEnv()).map(e -> e.split("=", 2)[0]).toList());
        m.put("labels", c.getLabels());
        var host = old.getHostConfig();
        if (host != null) {
            m.put("portBindings", host.getPortBindings() == null ? null : String.valueOf(host.getPortBindings().getBindings()));
            m.put("binds", host.getBinds() == null ? null : Arrays.stream(host.getBinds()).map(String::valueOf).toList());
            m.put("networkMode", host.getNetworkMode());
            m.put("restartPolicy", host.getRestartPolicy() == null ? null : String.valueOf(host.getRestartPolicy()));
        }
        return m;
    }
}
