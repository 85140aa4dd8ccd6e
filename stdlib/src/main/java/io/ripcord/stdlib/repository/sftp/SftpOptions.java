package io.ripcord.stdlib.repository.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to authenticate and whom to trust. {@code identity}: a private key's text (OpenSSH or PEM format, from a
 * secret), used alone when given; otherwise the keys of the SSH agent at {@code agentSocket} (default
 * {@code $SSH_AUTH_SOCK}) and then {@code identityFiles} (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa, those that
 * exist); {@code knownHosts}: the file host keys are checked against (default ~/.ssh/known_hosts). Never prints the
 * identity.
 */
public record SftpOptions(String identity, List<Path> identityFiles, Path agentSocket, Path knownHosts,
                          Duration timeout) {

    public SftpOptions {
        identityFiles = List.copyOf(identityFiles);
    }

    /** Without an agent. */
    public SftpOptions(String identity, List<Path> identityFiles, Path knownHosts, Duration timeout) {
        this(identity, identityFiles, null, knownHosts, timeout);
    }

    /** The user's ~/.ssh keys and known_hosts, a 20 s connect timeout. */
    public static SftpOptions defaults() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> keys = List.of("id_ed25519", "id_ecdsa", "id_rsa").stream().map(ssh::resolve)
                .filter(Files::isRegularFile).toList();
        String agent = System.getenv("SSH_AUTH_SOCK");
        return new SftpOptions(null, keys, agent == null || agent.isEmpty() ? null : Path.of(agent),
                ssh.resolve("known_hosts"), Duration.ofSeconds(20));
    }

    public SftpOptions withIdentity(String keyText) {
        return new SftpOptions(keyText, identityFiles, agentSocket, knownHosts, timeout);
    }

    public SftpOptions withIdentityFiles(List<Path> files) {
        return new SftpOptions(identity, files, agentSocket, knownHosts, timeout);
    }

    public SftpOptions withKnownHosts(Path file) {
        return new SftpOptions(identity, identityFiles, agentSocket, file, timeout);
    }

    public SftpOptions withAgent(Path socket) {
        return new SftpOptions(identity, identityFiles, socket, knownHosts, timeout);
    }

    @Override
    public String toString() {
        return "SftpOptions[identity=" + (identity == null ? "none" : "<secret>") + ", identityFiles=" + identityFiles
                + ", agentSocket=" + agentSocket + ", knownHosts=" + knownHosts + ", timeout=" + timeout + "]";
    }
}
