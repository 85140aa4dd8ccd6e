package io.ripcord.stdlib.backup;

import io.ripcord.files.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQLite databases inside a tree being archived, found by their header. A live database's bytes are never
 * archived as they lie on disk — a copy taken between a write and its WAL checkpoint can be torn, and its
 * {@code -wal} beside it may not match — so each is copied through SQLite's backup API into a private snapshot
 * beside the artifact, archived under the database's own name and deleted at once; its {@code -wal}, {@code -shm}
 * and {@code -journal} files are left out (the snapshot holds what they held).
 */
final class TreeDatabases {

    private static final String[] SIDECARS = {"-wal", "-shm", "-journal"};
    /** SQLite's smallest page: a shorter file with the header is not a database yet. */
    private static final long SMALLEST_DATABASE = 512;

    private final Path root;
    private final Path snapshotDir;
    private final Set<Path> databases = new LinkedHashSet<>();
    private final Set<Path> sidecars = new LinkedHashSet<>();

    private TreeDatabases(Path root, Path snapshotDir) {
        this.root = root;
        this.snapshotDir = snapshotDir;
    }

    /** None: the tree's files are archived as they are (a dump directory Ripcord wrote itself). */
    static TreeDatabases none() {
        return new TreeDatabases(null, null);
    }

    /** Finds the databases among {@code entries}; snapshots go into {@code snapshotDir}. */
    static TreeDatabases find(Path root, List<Path> entries, Path snapshotDir) {
        TreeDatabases found = new TreeDatabases(root, snapshotDir);
        for (Path p : entries) {
            java.nio.file.attribute.BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS); // one lstat
            } catch (java.io.IOException e) {
                continue; // gone since the walk: the archive reports it when it reaches it
            }
            if (a.isRegularFile() && a.size() >= SMALLEST_DATABASE && SqliteSnapshot.looksLikeSqlite(p)) {
                found.databases.add(p);
                for (String sidecar : SIDECARS) {
                    found.sidecars.add(p.resolveSibling(p.getFileName() + sidecar));
                }
            }
        }
        return found;
    }

    boolean isDatabase(Path p) {
        return databases.contains(p);
    }

    /** A -wal, -shm or -journal of a database found here: its content goes in through the snapshot. */
    boolean isSidecar(Path p) {
        return sidecars.contains(p) && !databases.contains(p);
    }

    /** The databases' names relative to the tree's root, for the manifest. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        databases.forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
        return names;
    }

    /** A consistent, owner-only copy of the database; the caller deletes it with {@link SqliteSnapshot#delete} once archived. */
    Path snapshot(Path database) throws IOException {
        Path copy = AtomicFile.tempFor(snapshotDir.resolve(BackupTarget.fileSafe(database.getFileName().toString()) + ".snapshot"));
        try {
            SqliteSnapshot.copy(database, copy);
            return copy;
        } catch (SQLException e) {
            SqliteSnapshot.delete(copy);
            throw new IOException("cannot copy the SQLite database " + root.relativize(database) + " through SQLite's backup API: "
                    + e.getMessage() + " (leave it out with exclude: ['" + database.getFileName() + "'] if it is not needed)", e);
        } catch (IOException e) {
            SqliteSnapshot.delete(copy);
            throw e;
        }
    }
}
