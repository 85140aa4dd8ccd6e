package io.ripcord.stdlib.backup;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.files.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What a directory held when it was backed up: every entry's type, size and modification time, by relative path.
 * Written beside each directory backup ({@code .index.gz}); an incremental backup compares the tree with its full
 * backup's index to find what changed and what was deleted.
 */
record TreeIndex(Map<String, Entry> entries) {

    static final String SUFFIX = ".index.gz";

    /** 'f' file, 'd' directory, 'l' symlink. */
    record Entry(char type, long size, long mtimeMillis) {
    }

    /** The index of the entries a backup takes ({@link TreeSelection#walk}): what it left out is not in it. */
    static TreeIndex of(Path root, List<Path> taken) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        for (Path p : taken) {
            String name = root.relativize(p).toString().replace('\\', '/');
            java.nio.file.attribute.BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS); // one lstat
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // gone since the walk: the archive reports it when it reaches it
            }
            if (a.isSymbolicLink()) {
                entries.put(name, new Entry('l', 0, 0));
            } else if (a.isDirectory()) {
                entries.put(name, new Entry('d', 0, 0));
            } else if (a.isRegularFile()) {
                entries.put(name, new Entry('f', a.size(), a.lastModifiedTime().toMillis()));
            }
        }
        return new TreeIndex(entries);
    }

    /** True when a file must go into an incremental backup: new, or changed in size or time since the base. */
    boolean changedSince(String name, TreeIndex base) {
        Entry now = entries.get(name);
        Entry then = base.entries.get(name);
        return then == null || then.type() != now.type() || then.size() != now.size() || then.mtimeMillis() != now.mtimeMillis();
    }

    /**
     * Paths in the base that are gone now. A path under something that is no longer a directory (a directory that
     * became a symlink or a file) is not listed: replacing that entry removes it, and deleting it by name would
     * follow the symlink.
     */
    List<String> deletedSince(TreeIndex base) {
        return base.entries.keySet().stream().filter(name -> !entries.containsKey(name) && parentsAreDirectories(name)).toList();
    }

    private boolean parentsAreDirectories(String name) {
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            Entry parent = entries.get(name.substring(0, slash));
            if (parent != null && parent.type() != 'd') {
                return false;
            }
        }
        return true;
    }

    static Path fileFor(Path artifactFile, String id) {
        return artifactFile.resolveSibling(id + SUFFIX);
    }

    void write(Path file) throws IOException {
        Map<String, Object> data = new TreeMap<>();
        entries.forEach((name, e) -> data.put(name, List.of(String.valueOf(e.type()), e.size(), e.mtimeMillis())));
        byte[] json = JsonOutput.toJson(data).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> {
            try (OutputStream gz = new GZIPOutputStream(org.apache.commons.io.output.CloseShieldOutputStream.wrap(out))) {
                gz.write(json);
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    static TreeIndex read(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Map<String, List<Object>> data = (Map<String, List<Object>>) new JsonSlurper().parse(in, "UTF-8");
            Map<String, Entry> entries = new TreeMap<>();
            data.forEach((name, v) -> entries.put(name, new Entry(((String) v.get(0)).charAt(0), ((Number) v.get(1)).longValue(),
                    ((Number) v.get(2)).longValue())));
            return new TreeIndex(entries);
        }
    }
}
