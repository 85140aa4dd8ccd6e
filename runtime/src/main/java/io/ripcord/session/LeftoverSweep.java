package io.ripcord.session;

import io.ripcord.journal.Journal;

import io.ripcord.catalog.CatalogEntry;
import io.ripcord.files.AtomicFile;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What dead runs left, swept when any run starts or resumes, whatever its runbook: in every directory the catalog
 * knows (where backups are kept, where their sources live), temporary files and staged copies of processes that no
 * longer run are deleted, and a file a dead restore moved aside goes back or goes away ({@link AtomicFile#removeLeftovers}).
 * Owners are told by the pid in each temporary name, never by age, so a live run's files are never touched.
 */
final class LeftoverSweep {

    private LeftoverSweep() {
    }

    /** Sweeps and returns how many entries it removed or put back; a directory it cannot read is skipped. */
    static int run(Journal journal) {
        int swept = 0;
        for (Path dir : directories(journal)) {
            try {
                swept += AtomicFile.removeLeftovers(dir);
            } catch (IOException | RuntimeException e) {
                // a directory gone or unreadable: the next backup or restore there sweeps it itself
            }
        }
        return swept;
    }

    private static Set<Path> directories(Journal journal) {
        Set<Path> dirs = new LinkedHashSet<>();
        java.util.Map<String, String> hosts = journal.artifactHosts();
        String here = io.ripcord.journal.Operator.current().host();
        for (CatalogEntry entry : journal.artifacts(null)) {
            if (!hosts.getOrDefault(entry.id(), here).equals(here)) {
                continue; // another machine's disk (a shared journal): its own runs sweep it
            }
            add(dirs, entry.path());
            int colon = entry.source().indexOf(':');
            if (colon > 0 && entry.source().startsWith("/", colon + 1)) {
                add(dirs, entry.source().substring(colon + 1)); // a file or tree target: its parent holds its staged copies
            }
        }
        return dirs;
    }

    private static void add(Set<Path> dirs, String path) {
        if (!path.startsWith("/")) {
            return; // not a local path (an object store's key): nothing to sweep here
        }
        try {
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
                dirs.add(parent);
            }
        } catch (InvalidPathException e) {
            // not a local path (an object store's key): nothing to sweep here
        }
    }
}
