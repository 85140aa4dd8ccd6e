package io.ripcord.journal;

import io.ripcord.catalog.ArtifactCatalog;
import io.ripcord.catalog.CatalogCopy;
import io.ripcord.catalog.CatalogEntry;

import java.util.List;
import java.util.Optional;

/** The catalog in the journal's artifacts table. */
public final class JournalCatalog implements ArtifactCatalog {

    private final Journal journal;

    public JournalCatalog(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void add(CatalogEntry entry) {
        journal.addArtifact(entry);
    }

    @Override
    public void remove(String artifactId) {
        journal.removeArtifact(artifactId);
    }

    @Override
    public void addCopy(CatalogCopy copy) {
        journal.addCopy(copy);
    }

    @Override
    public void removeCopy(String artifactId, String repository) {
        journal.removeCopy(artifactId, repository);
    }

    @Override
    public List<CatalogCopy> copies(String artifactId) {
        return journal.copies(artifactId);
    }

    @Override
    public List<CatalogEntry> bySource(String source) {
        return journal.artifacts(source);
    }

    @Override
    public Optional<String> elsewhere(String artifactId) {
        String host = journal.artifactHosts().get(artifactId);
        return host == null || host.equals(Operator.current().host()) ? Optional.empty() : Optional.of(host);
    }
}
