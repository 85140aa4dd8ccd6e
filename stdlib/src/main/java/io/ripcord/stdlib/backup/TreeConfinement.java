package io.ripcord.stdlib.backup;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one rule every extraction into a tree keeps (archive entries, hard links, symlinks, an incremental's deletion
 * list): a name lands inside the root or is refused. Absolute names and {@code ..} are refused by their text; a path
 * whose parents include a symlink (one the archive itself made, say) is refused because writing through it could
 * land anywhere.
 */
final class TreeConfinement {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** Where textual checks resolve names: no real directory, so nothing on disk can change the answer. */
    private static final Path NOWHERE = Path.of("/ripcord-tree");

    private TreeConfinement() {
    }

    /** Where {@code name} lands under {@code root}; refused when absolute or climbing out with {@code ..}. */
    static Path resolve(Path root, String name) throws TreeArchive.UnsafeEntry {
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new TreeArchive.UnsafeEntry("entry " + name + " has an absolute path");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new TreeArchive.UnsafeEntry("entry " + name + " climbs out of the target with ..");
            }
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root) || dest.equals(root) && !name.replace("/", "").replace(".", "").isEmpty()) {
            throw new TreeArchive.UnsafeEntry("entry " + name + " climbs out of the target with ..");
        }
        return dest;
    }

    /**
     * Where a name of an incremental's deletion list is under {@code root}, or null when a parent of it is a symlink
     * or not a directory (the entry went with what replaced its parent); refused when it lands outside or on the root.
     */
    static Path deletable(Path root, String name) throws TreeArchive.UnsafeEntry {
        Path doomed;
        try {
            doomed = resolve(root, name);
        } catch (TreeArchive.UnsafeEntry e) {
            doomed = root;
        }
        if (doomed.equals(root)) {
            throw new TreeArchive.UnsafeEntry("deletion list names " + name + ", outside the target");
        }
        return crossing(root, doomed, true) == null ? doomed : null;
    }

    /** Refuses a symlink at {@code dest} whose target, resolved from where it stands, is absolute or outside the root. */
    static void requireLinkInside(Path root, Path dest, String name, String linkName) throws TreeArchive.UnsafeEntry {
        Path link = Path.of(linkName);
        if (link.isAbsolute() || !dest.getParent().resolve(link).normalize().startsWith(root) || linkPassesThroughSymlink(dest.getParent(), link)) {
            throw new TreeArchive.UnsafeEntry("symlink " + name + " -> " + linkName + " points outside the target");
        }
    }

    /** The same rule on the name alone, for a verify that extracts nothing. */
    static void checkName(String name) throws TreeArchive.UnsafeEntry {
        resolve(NOWHERE, name);
    }

    /** Refuses {@code dest} when a directory between the root and it is a symlink. */
    static void requireRealParents(Path root, Path dest) throws TreeArchive.UnsafeEntry {
        Path crossed = crossing(root, dest, false);
        if (crossed != null) {
            throw new TreeArchive.UnsafeEntry("entry " + root.relativize(dest) + " would be written through the symlink " + root.relativize(crossed));
        }
    }

    private static Path crossing(Path root, Path path, boolean orNotDirectory) {
        for (Path p = path.getParent(); p != null && !p.equals(root) && p.startsWith(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p) || orNotDirectory && Files.exists(p, NOFOLLOW) && !Files.isDirectory(p, NOFOLLOW)) {
                return p;
            }
        }
        return null;
    }

    /** Textually: is the symlink absolute, or does it climb out of the tree from where it stands? */
    static boolean linkEscapes(String name, String linkName) {
        Path link = Path.of(linkName);
        Path parent = NOWHERE.resolve(name).getParent();
        return link.isAbsolute() || !parent.resolve(link).normalize().startsWith(NOWHERE);
    }

    /**
     * A link whose path goes through a symlink already extracted ({@code y -> x/l/..} with {@code x/l -> ..}) cannot
     * be judged by its text: refuse it.
     */
    private static boolean linkPassesThroughSymlink(Path from, Path link) {
        Path p = from;
        for (int i = 0; i < link.getNameCount() - 1; i++) { // the last name may be a link: it was checked when extracted
            p = p.resolve(link.getName(i));
            if (!link.getName(i).toString().equals("..") && Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }
}
