package io.ripcord.stdlib.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.ripcord.verb.VerbContext;
import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.time.Duration;

/**
 * A connection to the Docker Engine for one verb call, with timeouts that end every request: connecting takes at most
 * {@link #CONNECT}, and no response waits longer than the call needs (a stop's own timeout plus a margin). Errors come
 * back as {@link VerbFailure}s that say which engine and what to do.
 */
public final class DockerEngine implements AutoCloseable {

    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration DEFAULT_RESPONSE = Duration.ofSeconds(60);

    private final DockerEndpoint endpoint;
    private final DockerClient client;

    private DockerEngine(DockerEndpoint endpoint, DockerClient client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    public static DockerEngine connect(VerbContext context) throws VerbFailure {
        return connect(context, DEFAULT_RESPONSE);
    }

    public static DockerEngine connect(VerbContext context, Duration responseTimeout) throws VerbFailure {
        return connect(context.environment(), responseTimeout);
    }

    /** The engine {@code environment} names (DOCKER_HOST, DOCKER_CONTEXT), for work that outlives one verb call's context. */
    public static DockerEngine connect(java.util.Map<String, String> environment, Duration responseTimeout) throws VerbFailure {
        DockerEndpoint endpoint;
        try {
            endpoint = DockerEndpoint.of(environment);
        } catch (RuntimeException e) {
            throw new VerbFailure(e.getMessage(), "fix the context (docker context ls), or set DOCKER_HOST");
        }
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host()).withDockerTlsVerify(endpoint.tlsVerify());
        if (endpoint.certPath() != null) {
            config.withDockerCertPath(endpoint.certPath());
        }
        DefaultDockerClientConfig built = config.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig()).connectionTimeout(CONNECT).responseTimeout(responseTimeout).maxConnections(4).build();
        return new DockerEngine(endpoint, DockerClientImpl.getInstance(built, http));
    }

    public DockerClient client() {
        return client;
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /** A request to the engine; a missing object is the caller's to handle (NotFoundException passes through). */
    public interface Request<T> {
        T send(DockerClient client) throws Exception;
    }

    /** Sends {@code request}, turning "engine unreachable" and engine errors into failures that name the engine. */
    public <T> T call(String what, Request<T> request) throws VerbFailure, InterruptedException {
        try {
            return request.send(client);
        } catch (NotFoundException e) {
            throw e;
        } catch (InterruptedException e) {
            throw e;
        } catch (DockerException e) {
            throw new VerbFailure(what + ": the Docker Engine said: " + engineMessage(e), "`docker ps -a` and `docker info` show the engine's side; nothing more was changed");
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(what + " interrupted");
            }
            Throwable cause = rootCause(e);
            if (cause instanceof java.net.SocketTimeoutException || String.valueOf(cause.getMessage()).contains("timed out")
                    || cause instanceof java.util.concurrent.TimeoutException) {
                throw new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, what + ": the Docker Engine at " + endpoint + " did not answer in time",
                        "check `docker info`; the engine may be overloaded or stuck");
            }
            if (cause instanceof IOException || cause instanceof java.net.ConnectException) {
                throw new VerbFailure(ProblemCode.ENGINE_UNAVAILABLE, what + ": cannot reach the Docker Engine at " + endpoint + " (" + describe(cause) + ")",
                        "start the engine (sudo systemctl start docker, or dockerd), or point DOCKER_HOST at it");
            }
            throw new VerbFailure(what + ": " + describe(cause), "check the Docker Engine (`docker info`) and run with --debug for details");
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing a connection pool: nothing left to tell the operator
        }
    }

    static String engineMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int json = message.indexOf("{\"message\":\"");
        if (json >= 0) {
            int end = message.indexOf("\"}", json);
            return message.substring(json + 12, end < 0 ? message.length() : end);
        }
        return message.replaceFirst("^Status \\d+: ", "").strip();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
