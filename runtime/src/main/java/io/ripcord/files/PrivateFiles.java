package io.ripcord.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files Ripcord loads code from (compiled runbook classes, the SQLite native library) and so must be its user's
 * alone: a directory or file that another user could have written is not trusted, whatever it holds.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the directory (and missing parents) readable and writable by its owner only; an existing one is narrowed. */
    public static void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
    }

    /**
     * True when the path itself (a link is not followed) belongs to the user running Ripcord and neither its group
     * nor others may write it. False where that cannot be told (a file system without POSIX owners).
     */
    public static boolean ownedAndPrivate(Path path) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return false;
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        return attributes.owner().getName().equals(System.getProperty("user.name"))
                && !permissions.contains(PosixFilePermission.GROUP_WRITE) && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
