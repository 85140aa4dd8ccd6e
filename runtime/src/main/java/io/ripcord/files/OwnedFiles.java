package io.ripcord.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Ripcord loads code from (compiled runbook classes, the SQLite native library) must be its user's alone: the
 * file, and every directory on the way to it, so that nobody else can put code there or swap a directory between
 * the check and the load (the rule OpenSSH applies to authorized_keys). Users are compared by uid, which a
 * container's user without a passwd entry also has. Where owners cannot be told (a file system or OS without unix
 * attributes) nothing is trusted, and the caller does without its cache.
 */
public final class OwnedFiles {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int ROOT = 0;

    private OwnedFiles() {
    }

    /** The file itself (a link is not followed) is this user's and nobody else may write it. */
    public static boolean ownedAndPrivate(Path file) throws IOException {
        try {
            return uid(file) == currentUid() && (mode(file) & GROUP_OR_OTHERS_WRITE) == 0;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The directory's real path when it and every directory above it belong to this user or root and nobody else may
     * write them (a sticky directory such as /tmp excepted: others cannot rename what is not theirs there); empty
     * otherwise. Load by the path returned: it names no link anyone could re-point.
     */
    public static Optional<Path> trustedDirectory(Path dir) throws IOException {
        try {
            Path real = dir.toRealPath();
            int me = currentUid();
            for (Path p = real; p != null; p = p.getParent()) {
                int owner = uid(p);
                int mode = mode(p);
                boolean ownerTrusted = p.equals(real) ? owner == me : owner == me || owner == ROOT;
                boolean othersMayWrite = (mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0;
                if (!ownerTrusted || othersMayWrite) {
                    return Optional.empty();
                }
            }
            return Optional.of(real);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /** The uid this process runs as: the owner of /proc/self (Linux); elsewhere nothing is trusted. */
    private static int currentUid() throws IOException {
        Path self = Path.of("/proc/self");
        if (!Files.exists(self)) {
            throw new UnsupportedOperationException("no /proc/self to tell this process's uid");
        }
        return (Integer) Files.getAttribute(self, "unix:uid");
    }
}
