package io.ripcord.catalog;

import java.util.List;
import java.util.Optional;

/** Where backups are recorded and found. Reads are safe in a plan; {@link #add} and {@link #remove} only in a run. */
public interface ArtifactCatalog {

    void add(CatalogEntry entry);

    void remove(String artifactId);

    /** Artifacts taken from {@code source}, newest first; all artifacts when source is null. */
    List<CatalogEntry> bySource(String source);

    default Optional<CatalogEntry> newest(String source) {
        return bySource(source).stream().findFirst();
    }

    /** A catalog that holds nothing and refuses to record: for plans and checks without a journal. */
    ArtifactCatalog NONE = new ArtifactCatalog() {
        @Override
        public void add(CatalogEntry entry) {
            throw new IllegalStateException("no journal is open to catalog " + entry.id());
        }

        @Override
        public void remove(String artifactId) {
            throw new IllegalStateException("no journal is open");
        }

        @Override
        public List<CatalogEntry> bySource(String source) {
            return List.of();
        }
    };
}
