package io.ripcord.stdlib.backup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What can be backed up and restored. Its id ("sqlite:/app/db", "postgres:db.internal:5432/app") is its identity:
 * the catalog finds a target's backups by it, retention groups by it, and the journal records only it. Files and
 * trees are {@link PathTarget}s; a database server whose own tools dump it is a {@link ServerTarget}.
 */
public interface BackupTarget extends io.ripcord.verb.JournalValue {

    @Override
    default Object journalValue() {
        return id();
    }

    String kind();

    String id();

    /** The base of artifact names: the file, directory or database name without an extension. */
    String stem();

    /** What an artifact of this target is called after the stem and stamp. */
    String extension();

    /** What the manifest records about the source (never a secret): enough to rebuild the target with {@link #fromManifest}. */
    Map<String, Object> manifestSource();

    /** A name fit for a file: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A file, a SQLite database or a tree: identified by its absolute, normalized path. */
    sealed interface PathTarget extends BackupTarget permits Sqlite, Dir, File {
        Path path();

        @Override
        default String id() {
            return kind() + ":" + path();
        }

        @Override
        default String stem() {
            String name = path().getFileName() == null ? "root" : path().getFileName().toString();
            int dot = name.lastIndexOf('.');
            return fileSafe(dot > 0 ? name.substring(0, dot) : name);
        }

        @Override
        default Map<String, Object> manifestSource() {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("id", id());
            source.put("path", path().toString());
            return source;
        }
    }

    record Sqlite(Path path) implements PathTarget {
        public String kind() { return "sqlite"; }
        public String extension() { return ".sqlite"; }
        @Override public String toString() { return "sqlite " + path; }
    }

    /** A directory tree; {@code volume} names the Docker volume it is the mountpoint of (null for a plain directory). */
    record Dir(Path path, String volume) implements PathTarget {
        public Dir(Path path) {
            this(path, null);
        }
        public String kind() { return "dir"; }
        public String extension() { return ".tar"; }
        @Override public String id() {
            return volume != null ? "volume:" + volume : "dir:" + path;
        }
        @Override public String stem() {
            return fileSafe(volume != null ? volume : path.getFileName() == null ? "root" : path.getFileName().toString());
        }
        @Override public Map<String, Object> manifestSource() {
            Map<String, Object> source = PathTarget.super.manifestSource();
            if (volume != null) {
                source.put("volume", volume);
            }
            return source;
        }
        @Override public String toString() { return volume != null ? "volume " + volume + " (" + path + ")" : "dir " + path; }
    }

    record File(Path path) implements PathTarget {
        public String kind() { return "file"; }
        public String extension() {
            String name = path.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(dot) : ".file";
        }
        @Override public String toString() { return "file " + path; }
    }

    static PathTarget of(String kind, Path path) {
        return switch (kind) {
            case "sqlite" -> new Sqlite(path);
            case "dir" -> new Dir(path);
            case "file" -> new File(path);
            default -> throw new IllegalArgumentException("unknown target kind '" + kind + "'");
        };
    }

    /** The target a manifest describes: a path kind, or a server kind found through {@link ServerTarget.Kind}. */
    static BackupTarget fromManifest(String kind, Map<String, Object> source) {
        if (source.get("path") instanceof String path) {
            return source.get("volume") instanceof String volume ? new Dir(Path.of(path), volume) : of(kind, Path.of(path));
        }
        for (ServerTarget.Kind known : ServiceLoader.load(ServerTarget.Kind.class, BackupTarget.class.getClassLoader())) {
            if (known.kind().equals(kind)) {
                return known.fromManifest(source);
            }
        }
        throw new IllegalArgumentException("unknown target kind '" + kind + "'");
    }
}
