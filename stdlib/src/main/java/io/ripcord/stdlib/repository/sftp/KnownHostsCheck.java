package io.ripcord.stdlib.repository.sftp;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import io.ripcord.problem.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host key check: JSch's known_hosts reader, never adding a key (no trust on first use), remembering what the
 * server presented so a refusal can say which key it was (OpenSSH's {@code SHA256:} fingerprint) and what to do.
 */
final class KnownHostsCheck implements HostKeyRepository {

    private final HostKeyRepository knownHosts;
    private final Path file;
    private final SftpUrl url;
    private byte[] presented;
    private int verdict = -1;

    KnownHostsCheck(JSch jsch, Path file, SftpUrl url) throws JSchException {
        if (Files.isRegularFile(file)) {
            jsch.setKnownHosts(file.toString());
        }
        this.knownHosts = jsch.getHostKeyRepository();
        this.file = file;
        this.url = url;
    }

    /** Host key algorithms with the types known_hosts holds for this host first, as OpenSSH orders them. */
    String preferredAlgorithms(String configured) {
        Set<String> order = new LinkedHashSet<>();
        HostKey[] known = knownHosts.getHostKey(url.knownHostsName(), null);
        for (HostKey key : known == null ? new HostKey[0] : known) {
            if (key.getType().equals("ssh-rsa")) {
                order.addAll(List.of("rsa-sha2-512", "rsa-sha2-256"));
            }
            order.add(key.getType());
        }
        List<String> offered = Arrays.asList(configured.split(","));
        order.retainAll(offered);
        order.addAll(offered);
        return String.join(",", order);
    }

    @Override
    public int check(String host, byte[] key) {
        presented = key.clone();
        verdict = knownHosts.check(host, key);
        return verdict;
    }

    /** Why the connection was refused when the host key was the reason; null when it was not. */
    SftpFailure refusal() {
        if (presented == null || verdict == OK) {
            return null;
        }
        String fingerprint = keyType(presented) + " key SHA256:" + sha256(presented);
        String scan = "ssh-keyscan -p " + url.port() + " " + url.host();
        if (verdict == CHANGED) {
            return new SftpFailure(ProblemCode.ENGINE_UNAVAILABLE, "refusing " + url + ": the server's host key"
                    + " CHANGED — it presented " + fingerprint + ", but " + file + " holds another key for "
                    + url.knownHostsName() + " (a reinstalled server, or someone in between)",
                    "ask the server's admin for its key fingerprint (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it);"
                            + " only if it matches, drop the old key (ssh-keygen -R '" + url.knownHostsName() + "' -f "
                            + file + ") and add the new one (" + scan + " >> " + file + ")");
        }
        return new SftpFailure(ProblemCode.ENGINE_UNAVAILABLE, "refusing " + url + ": the server's host key is not"
                + " known — it presented " + fingerprint + ", and " + file + " has no key for " + url.knownHostsName(),
                "compare the fingerprint with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it), then"
                        + " add it: " + scan + " >> " + file + " (or connect once with ssh and accept it)");
    }

    static String sha256(byte[] blob) {
        try {
            return Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key type named at the start of an SSH public key blob (a length-prefixed string). */
    private static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        return n > 0 && n <= blob.length - 4 ? new String(blob, 4, n, StandardCharsets.US_ASCII) : "unknown";
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never: a key enters known_hosts only by the operator's hand
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts.getHostKey(host, type);
    }
}
