package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import io.ripcord.stdlib.service.ServiceState;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waiting for a container to get somewhere, polling the engine, never past a deadline. */
final class ContainerWait {

    private static final long POLL_MILLIS = 200;

    private ContainerWait() {
    }

    static ServiceState until(DockerEngine engine, String name, Predicate<ServiceState> arrived, Duration timeout, String what)
            throws VerbFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            InspectContainerResponse c = ContainerTarget.inspect(engine, name);
            ServiceState state = c == null ? ServiceState.missing() : ContainerTarget.state(c);
            if (arrived.test(state)) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new VerbFailure("container " + name + " did not " + what + " within " + Durations.format(timeout) + " (it is " + state.describe() + ")",
                        "look at `docker logs " + name + "`");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits until the container runs and keeps running; one that exits fails with its exit code and last log lines. */
    static ServiceState running(DockerEngine engine, String name, Duration timeout) throws VerbFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            InspectContainerResponse c = ContainerTarget.inspect(engine, name);
            if (c == null) {
                throw new VerbFailure("container " + name + " disappeared while starting", "look at `docker events`");
            }
            ServiceState state = ContainerTarget.state(c);
            String status = c.getState().getStatus();
            if (state.running()) {
                return state;
            }
            if ("exited".equals(status) || "dead".equals(status)) {
                throw new VerbFailure("container " + name + " exited with " + c.getState().getExitCodeLong() + " right after starting"
                        + logTail(engine, name), "look at `docker logs " + name + "`");
            }
            if (System.nanoTime() > deadline) {
                throw new VerbFailure("container " + name + " is not running after " + Durations.format(timeout) + " (" + state.describe() + ")",
                        "look at `docker logs " + name + "`");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The container's last log lines, indented, or nothing when they cannot be read in a few seconds. */
    static String logTail(DockerEngine engine, String name) {
        List<String> lines = new ArrayList<>();
        try {
            engine.client().logContainerCmd(name).withStdOut(true).withStdErr(true).withTail(5)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            lines.add(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "";
        }
        return lines.isEmpty() ? "" : ":\n    " + String.join("\n    ", lines);
    }
}
