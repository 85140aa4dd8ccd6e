package io.ripcord.stdlib.repository.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to authenticate and whom to trust. {@code identity}: a private key's text (OpenSSH or PEM format, from a
 * secret), used instead of the key files; {@code identityFiles}: keys tried otherwise (default: ~/.ssh/id_ed25519,
 * id_ecdsa, id_rsa, those that exist); {@code knownHosts}: the file host keys are checked against (default
 * ~/.ssh/known_hosts). Never prints the identity.
 */
public record SftpOptions(String identity, List<Path> identityFiles, Path knownHosts, Duration timeout) {

    public SftpOptions {
        identityFiles = List.copyOf(identityFiles);
    }

    /** The user's ~/.ssh keys and known_hosts, a 20 s connect timeout. */
    public static SftpOptions defaults() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> keys = List.of("id_ed25519", "id_ecdsa", "id_rsa").stream().map(ssh::resolve)
                .filter(Files::isRegularFile).toList();
        return new SftpOptions(null, keys, ssh.resolve("known_hosts"), Duration.ofSeconds(20));
    }

    public SftpOptions withIdentity(String keyText) {
        return new SftpOptions(keyText, identityFiles, knownHosts, timeout);
    }

    public SftpOptions withIdentityFiles(List<Path> files) {
        return new SftpOptions(identity, files, knownHosts, timeout);
    }

    public SftpOptions withKnownHosts(Path file) {
        return new SftpOptions(identity, identityFiles, file, timeout);
    }

    @Override
    public String toString() {
        return "SftpOptions[identity=" + (identity == null ? "none" : "<secret>") + ", identityFiles=" + identityFiles
                + ", knownHosts=" + knownHosts + ", timeout=" + timeout + "]";
    }
}
