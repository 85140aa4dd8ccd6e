package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run inside a running container through the Engine's exec API (ExecCreate, ExecStart, then InspectExec
 * for its exit code), its standard output streamed to a sink as it arrives (constant memory, whatever its size) and
 * its standard error kept (the last {@link #STDERR_LIMIT} characters) for the error message. Environment values go
 * in the exec's Env, never in its argv. With standard input, the bytes are streamed in and the stream is closed at
 * their end ({@link ExecStdin}), so a program reading to EOF ends.
 */
public final class ContainerExec {

    static final int STDERR_LIMIT = 16_384;

    /** How the command ended: its exit code, what it said on standard error. */
    public record Result(int exitCode, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private ContainerExec() {
    }

    /**
     * Runs {@code command} in {@code container} as {@code user}; {@code stdin} (or null) is fed to it, its standard
     * output written to {@code stdout}. A command the container does not have ends with exit code 126 or 127, as a shell would say.
     */
    public static Result run(DockerEngine engine, String container, String user, List<String> command, Map<String, String> env,
                             InputStream stdin, OutputStream stdout, Duration timeout) throws VerbFailure, InterruptedException {
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        String what = "run " + command.get(0) + " in container " + container;
        String execId = engine.call(what, client -> client.execCreateCmd(container).withUser(user).withCmd(command.toArray(String[]::new))
                .withEnv(envList).withAttachStdout(true).withAttachStderr(true).withAttachStdin(stdin != null).exec().getId());
        StringBuilder stderr = new StringBuilder();
        IOException[] sinkFailure = new IOException[1];
        if (stdin == null) {
            ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    if (sinkFailure[0] == null) {
                        sinkFailure[0] = deliver(frame.getStreamType() == StreamType.STDERR ? 2 : 1, frame.getPayload(), stdout, stderr);
                    }
                }
            };
            engine.call(what, client -> client.execStartCmd(execId).exec(callback));
            boolean done = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                closeQuietly(callback);
                throw new VerbFailure(what + ": it ran past " + timeout.toSeconds() + " s and its stream was closed", "find out why it hangs (a lock?), then retry");
            }
        } else {
            try {
                ExecStdin.run(engine.endpoint(), execId, stdin, (stream, bytes) -> {
                    if (sinkFailure[0] == null) {
                        sinkFailure[0] = deliver(stream, bytes, stdout, stderr);
                    }
                }, timeout);
            } catch (IOException e) {
                throw new VerbFailure(what + ": the exec stream to the Docker Engine at " + engine.endpoint() + " failed: " + e.getMessage(),
                        "check `docker info`, then retry");
            }
        }
        if (sinkFailure[0] != null) {
            throw new VerbFailure(what + ": writing its output failed: " + sinkFailure[0].getMessage(), "free space where the output goes, then retry");
        }
        Long exit = null;
        for (int i = 0; i < 50 && exit == null; i++) { // the exit code lands a moment after the stream closes
            var inspected = engine.call(what, client -> client.inspectExecCmd(execId).exec());
            exit = Boolean.TRUE.equals(inspected.isRunning()) ? null : inspected.getExitCodeLong();
            if (exit == null) {
                Thread.sleep(20);
            }
        }
        if (exit == null) {
            throw new VerbFailure(what + ": the Docker Engine gives no exit code for it", "check the container: `docker top " + container + "`");
        }
        return new Result(exit.intValue(), stderr.toString());
    }

    private static IOException deliver(int stream, byte[] bytes, OutputStream stdout, StringBuilder stderr) {
        if (stream == 2) {
            stderr.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            if (stderr.length() > STDERR_LIMIT) {
                stderr.delete(0, stderr.length() - STDERR_LIMIT);
            }
            return null;
        }
        try {
            stdout.write(bytes);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // the stream is abandoned either way
        }
    }
}
