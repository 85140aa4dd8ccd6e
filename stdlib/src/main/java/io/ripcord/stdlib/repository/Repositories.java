package io.ripcord.stdlib.repository;

import java.util.Map;

/**
 * The one place a repository URL becomes an {@link ObjectStore}. Each store's classes (and its client library) are
 * reached only from its own case, so a run without an {@code s3://} repository never loads the AWS SDK.
 */
public final class Repositories {

    private Repositories() {
    }

    /**
     * Refuses, before anything runs, a repository this build cannot open. The message is for an error naming the
     * argument; null when the repository can be opened.
     */
    public static String unsupported(Repository repository) {
        return switch (repository.url().kind()) {
            case LOCAL, S3, SFTP -> null;
        };
    }

    /** Opens a remote repository; the environment fills what the runbook left out (AWS_* variables). */
    public static ObjectStore open(Repository repository, Map<String, String> env) throws RepositoryException {
        return switch (repository.url().kind()) {
            case S3 -> S3Stores.open(repository, env);
            case SFTP -> SftpStores.open(repository, env);
            case LOCAL -> throw new IllegalArgumentException("a local directory is written in place, not through a store: " + repository);
        };
    }

    /**
     * SFTP with the key an {@code sftp(..., identity:)} value gives, alone; else the keys of the user whose environment
     * runs: the SSH agent at $SSH_AUTH_SOCK, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa; host keys checked against ~/.ssh/known_hosts. Its own class: JSch loads only here.
     */
    private static final class SftpStores {
        static ObjectStore open(Repository repository, Map<String, String> env) throws RepositoryException {
            java.nio.file.Path ssh = java.nio.file.Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".ssh");
            java.util.List<java.nio.file.Path> keys = java.util.stream.Stream.of("id_ed25519", "id_ecdsa", "id_rsa").map(ssh::resolve)
                    .filter(java.nio.file.Files::isRegularFile).toList();
            String agent = env.get("SSH_AUTH_SOCK");
            var options = new io.ripcord.stdlib.repository.sftp.SftpOptions(repository.sshIdentity(), keys,
                    agent == null || agent.isEmpty() ? null : java.nio.file.Path.of(agent), ssh.resolve("known_hosts"),
                    java.time.Duration.ofSeconds(20));
            try {
                return new SftpRepositoryStore(io.ripcord.stdlib.repository.sftp.SftpStore.open(
                        io.ripcord.stdlib.repository.sftp.SftpUrl.parse(repository.url().text()), options));
            } catch (io.ripcord.stdlib.repository.sftp.SftpFailure e) {
                throw SftpRepositoryStore.translated(e);
            }
        }
    }

    /** Its own class, so that the verifier never needs S3Store (and the SDK) to check {@link #open}. */
    private static final class S3Stores {
        static ObjectStore open(Repository repository, Map<String, String> env) {
            return new io.ripcord.stdlib.repository.s3.S3Store(repository.url(), repository.s3().resolved(env));
        }
    }
}
