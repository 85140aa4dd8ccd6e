package io.ripcord.stdlib.backup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Which entries of a tree a backup takes: all of them but what {@code exclude:} names. Patterns are JDK globs matched
 * as tar and .gitignore users expect: one without a '/' matches an entry's name at any depth ({@code '*.log'},
 * {@code 'node_modules'}); one with a '/' matches the path from the tree's root ({@code 'cache/**'}). An excluded
 * directory is skipped whole, so nothing under it is read.
 */
record TreeSelection(List<String> patterns, List<PathMatcher> byName, List<PathMatcher> byPath) {

    static final TreeSelection ALL = new TreeSelection(List.of(), List.of(), List.of());

    /** Compiles the patterns; a malformed glob or an empty one is refused with the pattern named. */
    static TreeSelection of(List<?> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            return ALL;
        }
        List<String> kept = new ArrayList<>();
        List<PathMatcher> byName = new ArrayList<>();
        List<PathMatcher> byPath = new ArrayList<>();
        for (Object p : patterns) {
            String pattern = p == null ? "" : p.toString().strip();
            String glob = pattern.startsWith("/") ? pattern.substring(1) : pattern;
            if (glob.isEmpty() || glob.endsWith("/") && glob.length() == 1) {
                throw new IllegalArgumentException("exclude: pattern '" + pattern + "' is empty; name files ('*.log') or paths ('cache/**')");
            }
            if (glob.endsWith("/")) {
                glob = glob.substring(0, glob.length() - 1); // 'cache/' names the directory, as in .gitignore
            }
            try {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                (glob.contains("/") || pattern.startsWith("/") ? byPath : byName).add(matcher);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("exclude: pattern '" + pattern + "' is not a glob: " + e.getDescription()
                        + " at " + e.getIndex());
            }
            kept.add(pattern);
        }
        return new TreeSelection(List.copyOf(kept), List.copyOf(byName), List.copyOf(byPath));
    }

    boolean excludesAnything() {
        return !patterns.isEmpty();
    }

    /** True when the entry at {@code relative} (a path from the tree's root) is left out. */
    boolean excludes(Path relative) {
        Path name = relative.getFileName();
        return byName.stream().anyMatch(m -> m.matches(name)) || byPath.stream().anyMatch(m -> m.matches(relative));
    }

    /**
     * Why these patterns leave nothing of a tree that has files (every file excluded: a backup of nothing that would
     * look like one of something), or null when some file is taken or the tree has none to begin with.
     */
    String leavesNothing(Path root) throws IOException {
        if (!excludesAnything() || walk(root).stream().anyMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
            return null;
        }
        long files = ALL.walk(root).stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
        return files == 0 ? null : "exclude: " + String.join(", ", patterns) + " leaves nothing of " + root + " to back up: all "
                + io.ripcord.units.Counts.of(files, "file") + " in it are excluded";
    }

    /** Every entry of the tree the selection takes, root excluded, in name order; symlinks are not followed. */
    List<Path> walk(Path root) throws IOException {
        List<Path> taken = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (excludes(root.relativize(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                taken.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!excludes(root.relativize(file))) {
                    taken.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        taken.sort(null);
        return taken;
    }
}
