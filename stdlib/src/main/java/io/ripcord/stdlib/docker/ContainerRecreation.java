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

    private ContainerRecreation() {
    }

    static String keptName(String name) {
        return name + ".ripcord-previous";
    }

    static String nextName(String name) {
        return name + ".ripcord-next";
    }

    /**
     * Creates the new container under a temporary name first — when that fails, nothing has changed and the old one
     * still runs — then stops the old one, keeps it as NAME.ripcord-previous, gives the new one the name and starts it.
     * Any failure after the old one stopped puts it back and starts it again.
     */
    static Map<String, Object> recreate(DockerEngine engine, InspectContainerResponse old, String image, Duration timeout, VerbOutput output)
            throws VerbFailure, InterruptedException {
        String name = old.getName().startsWith("/") ? old.getName().substring(1) : old.getName();
        String kept = keptName(name);
        String next = nextName(name);
        InspectImageResponse newImage = Images.inspect(engine, image);
        InspectContainerResponse previous = ContainerTarget.inspect(engine, kept);
        if (previous != null && Boolean.TRUE.equals(previous.getState().getRunning())) {
            throw new VerbFailure(kept + " is running: it is the container kept from an earlier recreation, and someone started it",
                    "stop it (docker stop " + kept + ") or remove it, then start again; nothing was changed");
        }
        if (ContainerTarget.inspect(engine, next) != null) {
            engine.call("remove " + next, client -> client.removeContainerCmd(next).withForce(true).exec()); // left by a crash
        }
        CreateContainerCmd create = createCommand(engine, old, image, next);
        String createdId = engine.call("create container " + next, client -> create.exec()).getId();
        joinNetworks(engine, old, createdId);
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        boolean stopped = false;
        try {
            if (wasRunning) {
                int seconds = (int) Math.max(1, timeout.toSeconds());
                engine.call("stop container " + name, client -> client.stopContainerCmd(old.getId()).withTimeout(seconds).exec());
                stopped = true;
            }
            keepStopped(engine, old);
            if (previous != null) {
                engine.call("remove " + kept, client -> client.removeContainerCmd(previous.getId()).exec());
            }
            engine.call("rename container " + name, client -> client.renameContainerCmd(old.getId()).withName(kept).exec());
            engine.call("rename container " + next, client -> client.renameContainerCmd(createdId).withName(name).exec());
            engine.call("start container " + name, client -> client.startContainerCmd(createdId).exec());
        } catch (VerbFailure | InterruptedException | RuntimeException e) {
            putBack(engine, old, createdId, name, wasRunning || stopped, output);
            String why = e instanceof VerbFailure f ? f.getMessage() : e instanceof InterruptedException ? "interrupted" : String.valueOf(e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new VerbFailure(why + "; the old container was put back" + (wasRunning ? " and started" : ""),
                    e instanceof VerbFailure f ? f.next() : "look at `docker ps -a`");
        }
        output.info("old container kept, stopped, as " + kept);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("previousContainer", kept);
        record.put("previousContainerId", old.getId());
        record.put("previousImage", old.getConfig().getImage());
        record.put("previousImageId", old.getImageId());
        record.put("newImage", image);
        record.put("newImageId", newImage.getId());
        record.put("config", summary(old));
        return record;
    }

    /**
     * The container kept from the last recreation back in service, exactly as it was (its volumes, its configuration):
     * a rollback to the image it runs. The current one takes its place as the kept container.
     */
    static Map<String, Object> swapBack(DockerEngine engine, InspectContainerResponse current, InspectContainerResponse kept,
                                        Duration timeout, VerbOutput output) throws VerbFailure, InterruptedException {
        String name = current.getName().startsWith("/") ? current.getName().substring(1) : current.getName();
        String keptName = keptName(name);
        String next = nextName(name);
        if (Boolean.TRUE.equals(current.getState().getRunning())) {
            int seconds = (int) Math.max(1, timeout.toSeconds());
            engine.call("stop container " + name, client -> client.stopContainerCmd(current.getId()).withTimeout(seconds).exec());
        }
        keepStopped(engine, current);
        engine.call("rename container " + name, client -> client.renameContainerCmd(current.getId()).withName(next).exec());
        engine.call("rename container " + keptName, client -> client.renameContainerCmd(kept.getId()).withName(name).exec());
        engine.call("rename container " + next, client -> client.renameContainerCmd(current.getId()).withName(keptName).exec());
        engine.call("start container " + name, client -> client.startContainerCmd(kept.getId()).exec());
        output.info("put back the kept container (" + io.ripcord.stdlib.service.ServiceState.shortId(kept.getImageId()) + "); the one it replaces is kept, stopped, as " + keptName);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("previousContainer", keptName);
        record.put("previousContainerId", current.getId());
        record.put("previousImage", current.getConfig().getImage());
        record.put("previousImageId", current.getImageId());
        record.put("newImage", kept.getConfig().getImage());
        record.put("newImageId", kept.getImageId());
        record.put("putBack", true);
        record.put("config", summary(current));
        return record;
    }

    /**
     * After a crash in the middle of a swap the name may be free: the new container still under its temporary name,
     * or only the kept one left. Finishes the swap (or undoes it) so the service has its name again.
     */
    static boolean repairName(DockerEngine engine, String name, VerbOutput output) throws VerbFailure, InterruptedException {
        InspectContainerResponse next = ContainerTarget.inspect(engine, nextName(name));
        InspectContainerResponse kept = ContainerTarget.inspect(engine, keptName(name));
        InspectContainerResponse back = next != null ? next : kept;
        if (back == null) {
            return false;
        }
        output.warn("no container " + name + ", but " + (next != null ? nextName(name) : keptName(name))
                + " exists: a recreation was interrupted; giving it the name back");
        engine.call("rename container", client -> client.renameContainerCmd(back.getId()).withName(name).exec());
        return true;
    }

    private static CreateContainerCmd createCommand(DockerEngine engine, InspectContainerResponse old, String image, String name)
            throws InterruptedException {
        ContainerConfig oldImageConfig = oldImageConfig(engine, old.getImageId());
        com.github.dockerjava.api.model.HostConfig host = old.getHostConfig();
        List<String> binds = new ArrayList<>();
        if (host.getBinds() != null) {
            Arrays.stream(host.getBinds()).map(String::valueOf).forEach(binds::add);
        }
        // anonymous volumes (an image's VOLUME) are not in the host config: carried over by name, as compose does
        if (old.getMounts() != null) {
            for (InspectContainerResponse.Mount m : old.getMounts()) {
                String dest = m.getDestination() == null ? null : m.getDestination().getPath();
                if (m.getName() != null && dest != null && "local".equals(m.getDriver())
                        && binds.stream().noneMatch(b -> b.split(":").length > 1 && b.split(":")[1].equals(dest))) {
                    binds.add(m.getName() + ":" + dest + (Boolean.FALSE.equals(m.getRW()) ? ":ro" : ""));
                }
            }
        }
        host.withBinds(binds.stream().map(com.github.dockerjava.api.model.Bind::parse).toList());
        CreateContainerCmd create = engine.client().createContainerCmd(image).withName(name).withHostConfig(host);
        String primary = host.getNetworkMode();
        if (primary != null && old.getNetworkSettings() != null && old.getNetworkSettings().getNetworks() != null
                && old.getNetworkSettings().getNetworks().get(primary) != null) {
            List<String> aliases = ownAliases(old, old.getNetworkSettings().getNetworks().get(primary));
            if (!aliases.isEmpty() && !List.of("bridge", "host", "none", "default").contains(primary)) {
                create.withAliases(aliases);
            }
        }
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
        return create;
    }

    /**
     * The networks the old container was on beyond its first, with their aliases (a compose service's "db"); the first
     * network's aliases are set at create. Docker's own alias (the short container id) is not carried over.
     */
    private static void joinNetworks(DockerEngine engine, InspectContainerResponse old, String createdId)
            throws VerbFailure, InterruptedException {
        var settings = old.getNetworkSettings();
        if (settings == null || settings.getNetworks() == null) {
            return;
        }
        String primary = old.getHostConfig() == null ? null : old.getHostConfig().getNetworkMode();
        for (var entry : settings.getNetworks().entrySet()) {
            if (entry.getKey().equals(primary) || List.of("bridge", "host", "none", "default").contains(entry.getKey())) {
                continue;
            }
            var network = new com.github.dockerjava.api.model.ContainerNetwork().withAliases(ownAliases(old, entry.getValue()));
            engine.call("connect to network " + entry.getKey(), client -> {
                client.connectToNetworkCmd().withNetworkId(entry.getKey()).withContainerId(createdId).withContainerNetwork(network).exec();
                return null;
            });
        }
    }

    private static List<String> ownAliases(InspectContainerResponse old, com.github.dockerjava.api.model.ContainerNetwork network) {
        if (network == null || network.getAliases() == null) {
            return List.of();
        }
        String shortId = old.getId().length() > 12 ? old.getId().substring(0, 12) : old.getId();
        return network.getAliases().stream().filter(a -> !a.equals(shortId)).toList();
    }

    /** A kept container must stay stopped: "always" would start it again with the daemon, next to its replacement. */
    private static void keepStopped(DockerEngine engine, InspectContainerResponse c) throws InterruptedException {
        var policy = c.getHostConfig() == null ? null : c.getHostConfig().getRestartPolicy();
        if (policy != null && "always".equals(policy.getName())) {
            try {
                engine.call("update restart policy", client -> client.updateContainerCmd(c.getId())
                        .withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.unlessStoppedRestart()).exec());
            } catch (VerbFailure e) {
                // not fatal: the container is stopped; a daemon restart could start it, which the warning says
            }
        }
    }

    /** After a failed swap: the new container removed, the old one under its name again and, if it ran, running. */
    private static void putBack(DockerEngine engine, InspectContainerResponse old, String createdId, String name, boolean start,
                                VerbOutput output) {
        boolean interrupted = Thread.interrupted(); // finish putting back even after Ctrl-C, then restore the flag
        try {
            try {
                engine.call("remove new container", client -> client.removeContainerCmd(createdId).withForce(true).exec());
            } catch (VerbFailure | com.github.dockerjava.api.exception.NotFoundException e) {
                // never created, or already gone
            }
            engine.call("rename back", client -> client.renameContainerCmd(old.getId()).withName(name).exec());
            if (start) {
                engine.call("start " + name, client -> client.startContainerCmd(old.getId()).exec());
            }
        } catch (VerbFailure | InterruptedException | RuntimeException e) {
            output.warn("could not put the old container back: " + e.getMessage() + " — look for " + name + " and "
                    + keptName(name) + " in `docker ps -a`");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

    private static String program(String[] words) {
        return words == null || words.length == 0 ? null : words[0] + (words.length > 1 ? " (+" + (words.length - 1) + " arguments)" : "");
    }

    /** The old container's configuration for the journal: everything but environment values and command arguments. */
    static Map<String, Object> summary(InspectContainerResponse old) {
        ContainerConfig c = old.getConfig();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", c.getImage());
        // programs only: arguments often carry passwords (--password=...), and the journal keeps no secrets
        m.put("cmd", program(c.getCmd()));
        m.put("entrypoint", program(c.getEntrypoint()));
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
