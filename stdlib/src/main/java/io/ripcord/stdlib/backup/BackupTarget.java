package io.ripcord.stdlib.backup;

import java.nio.file.Path;

/**
 * What can be backed up and restored: a SQLite database, a directory tree, a single file. The id ("sqlite:/app/db")
 * is how the catalog finds a target's backups, so it uses the absolute, normalized path.
 */
public sealed interface BackupTarget extends io.ripcord.verb.JournalValue permits BackupTarget.Sqlite, BackupTarget.Dir, BackupTarget.File {

    @Override
    default Object journalValue() {
        return id();
    }

    Path path();

    String kind();

    default String id() {
        return kind() + ":" + path();
    }

    /** The base of artifact names: the file or directory name without its extension. */
    default String stem() {
        String name = path().getFileName() == null ? "root" : path().getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** What an artifact of this target is called after the stem and stamp. */
    String extension();

    record Sqlite(Path path) implements BackupTarget {
        public String kind() { return "sqlite"; }
        public String extension() { return ".sqlite"; }
        @Override public String toString() { return "sqlite " + path; }
    }

    record Dir(Path path) implements BackupTarget {
        public String kind() { return "dir"; }
        public String extension() { return ".tar"; }
        @Override public String stem() {
            return (path.getFileName() == null ? "root" : path.getFileName().toString()).replaceAll("[^A-Za-z0-9._-]", "_");
        }
        @Override public String toString() { return "dir " + path; }
    }

    record File(Path path) implements BackupTarget {
        public String kind() { return "file"; }
        public String extension() {
            String name = path.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(dot) : ".file";
        }
        @Override public String toString() { return "file " + path; }
    }

    static BackupTarget of(String kind, Path path) {
        return switch (kind) {
            case "sqlite" -> new Sqlite(path);
            case "dir" -> new Dir(path);
            case "file" -> new File(path);
            default -> throw new IllegalArgumentException("unknown target kind '" + kind + "'");
        };
    }
}
