package io.ripcord.stdlib.docker;

import groovy.json.JsonSlurper;
import io.ripcord.model.RunbookSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Docker Engine is, decided as the docker CLI decides it: {@code DOCKER_HOST}; else the context named by
 * {@code DOCKER_CONTEXT} or by {@code currentContext} in the CLI's config.json ({@code DOCKER_CONFIG} or ~/.docker);
 * else the local socket. Read from the run's environment, so a runbook started with DOCKER_HOST set talks to that host.
 */
public record DockerEndpoint(String host, String context, boolean tlsVerify, String certPath) {

    public static final String LOCAL = "unix:///var/run/docker.sock";

    public static DockerEndpoint of(Map<String, String> env) {
        boolean tls = "1".equals(env.get("DOCKER_TLS_VERIFY")) || "true".equalsIgnoreCase(env.get("DOCKER_TLS_VERIFY"));
        String certs = env.get("DOCKER_CERT_PATH");
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return new DockerEndpoint(host, null, tls, certs);
        }
        Path config = env.get("DOCKER_CONFIG") != null ? Path.of(env.get("DOCKER_CONFIG"))
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        String context = env.get("DOCKER_CONTEXT");
        if (context == null || context.isBlank()) {
            context = currentContext(config);
        }
        if (context != null && !context.isBlank() && !"default".equals(context)) {
            Path meta = config.resolve("contexts/meta").resolve(RunbookSource.sha256(context)).resolve("meta.json");
            String contextHost = contextHost(meta);
            if (contextHost == null) {
                throw new IllegalStateException("Docker context '" + context + "' has no Docker endpoint (looked in " + meta + ")");
            }
            Path tlsDir = config.resolve("contexts/tls").resolve(RunbookSource.sha256(context)).resolve("docker");
            boolean contextTls = Files.isDirectory(tlsDir);
            return new DockerEndpoint(contextHost, context, contextTls || tls, contextTls ? tlsDir.toString() : certs);
        }
        return new DockerEndpoint(LOCAL, null, tls, certs);
    }

    /** How messages name it: "unix:///var/run/docker.sock" or "tcp://10.0.0.5:2376 (context prod)". */
    /** True for an engine on this machine (a unix socket): only its containers' mounts and volumes are paths here. */
    public boolean local() {
        return host.startsWith("unix://");
    }

    @Override
    public String toString() {
        return host + (context == null ? "" : " (Docker context " + context + ")");
    }

    private static String currentContext(Path config) {
        Path file = config.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Object parsed = new JsonSlurper().parse(file.toFile());
            return parsed instanceof Map<?, ?> m && m.get("currentContext") instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null; // an unreadable CLI config: the docker CLI itself would complain; fall back to the local socket
        }
    }

    private static String contextHost(Path meta) {
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Object parsed = new JsonSlurper().parse(meta.toFile());
        if (parsed instanceof Map<?, ?> m && m.get("Endpoints") instanceof Map<?, ?> endpoints
                && endpoints.get("docker") instanceof Map<?, ?> docker && docker.get("Host") instanceof String host) {
            return host;
        }
        return null;
    }
}
