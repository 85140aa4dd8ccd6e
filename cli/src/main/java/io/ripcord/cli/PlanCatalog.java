package io.ripcord.cli;

import io.ripcord.catalog.ArtifactCatalog;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.journal.Journal;
import io.ripcord.journal.JournalCatalog;

import java.util.List;
import java.util.Optional;

/**
 * The backup catalog a plan reads (which backup {@code lastBackup(db)} would take): the journal's, opened on the
 * first lookup only — a plan that looks nothing up does not pay for opening SQLite — and empty when there is no
 * journal yet. A plan records nothing.
 */
final class PlanCatalog implements ArtifactCatalog, AutoCloseable {

    private final Cli cli;
    private final JournalOption journalOption;
    private Optional<Journal> journal;

    PlanCatalog(Cli cli, JournalOption journalOption) {
        this.cli = cli;
        this.journalOption = journalOption;
    }

    @Override
    public synchronized List<CatalogEntry> bySource(String source) {
        if (journal == null) {
            journal = journalOption.openExisting(cli);
        }
        return journal.map(j -> new JournalCatalog(j).bySource(source)).orElse(List.of());
    }

    @Override
    public synchronized List<io.ripcord.catalog.CatalogCopy> copies(String artifactId) {
        bySource(null); // opens the journal when there is one
        return journal.map(j -> new JournalCatalog(j).copies(artifactId)).orElse(List.of());
    }

    @Override
    public void add(CatalogEntry entry) {
        throw new IllegalStateException("a plan catalogs nothing (" + entry.id() + ")");
    }

    @Override
    public void remove(String artifactId) {
        throw new IllegalStateException("a plan removes nothing from the catalog (" + artifactId + ")");
    }

    @Override
    public synchronized void close() {
        if (journal != null) {
            journal.ifPresent(Journal::close);
        }
    }
}
