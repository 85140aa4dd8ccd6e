package io.ripcord.stdlib.backup;

import io.ripcord.files.AtomicFile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A verified tree put into a directory that must keep its inode: a container's bind mount (or a process's working
 * directory) is bound to that inode, so swapping the directory would leave it serving the deleted one. Every entry
 * of the directory is moved into an owner-only aside inside it, then every entry of the staged tree is moved in, the
 * staged root's mode, owner and time are applied, and the aside is deleted. A failure puts the old entries back.
 */
final class InPlaceTree {

    private InPlaceTree() {
    }

    /** Replaces the content of {@code target} with that of {@code staged} (on the same file system, beside it). */
    static void replaceContent(Path staged, Path target) throws IOException {
        Path old = AtomicFile.createPrivateDirectory(AtomicFile.tempFor(target.resolve("old")));
        List<Path> movedIn = new ArrayList<>();
        try {
            moveEntries(target, old, old, null);
            moveEntries(staged, target, null, movedIn);
        } catch (IOException e) {
            for (Path in : movedIn) {
                AtomicFile.deleteTree(in);
            }
            moveEntries(old, target, null, null); // the original content goes back where it was
            Files.delete(old);
            throw e;
        }
        AtomicFile.copyOwnership(staged, target);
        Files.setLastModifiedTime(target, Files.getLastModifiedTime(staged));
        AtomicFile.fsyncDirectory(target);
        AtomicFile.deleteTree(old);
    }

    private static void moveEntries(Path from, Path to, Path skip, List<Path> moved) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            for (Path entry : entries) {
                if (entry.equals(skip)) {
                    continue;
                }
                Path dest = to.resolve(entry.getFileName().toString());
                Files.move(entry, dest, StandardCopyOption.ATOMIC_MOVE);
                if (moved != null) {
                    moved.add(dest);
                }
            }
        }
    }
}
