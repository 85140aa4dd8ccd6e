package io.ripcord.catalog;

import java.util.List;
import java.util.Optional;

/** Where backups are recorded and found. Reads are safe in a plan; {@link #add} and {@link #remove} only in a run. */
public interface ArtifactCatalog {

    void add(CatalogEntry entry);

    void remove(String artifactId);

    /** Artifacts taken from {@code source}, newest first, safety copies included; all artifacts when source is null. */
    List<CatalogEntry> bySource(String source);

    /** The newest backup of a source: not a safety copy, not one that failed verification. */
    default Optional<CatalogEntry> newest(String source) {
        return bySource(source).stream().filter(e -> !e.safetyCopy() && !e.failedVerify()).findFirst();
    }

    default Optional<CatalogEntry> byId(String artifactId) {
        return bySource(null).stream().filter(e -> e.id().equals(artifactId)).findFirst();
    }

    /** Entries whose cataloged content has this SHA-256: who a file really is when it is not what its name says. */
    default List<CatalogEntry> bySha256(String sha256) {
        return bySource(null).stream().filter(e -> sha256.equals(e.sha256())).toList();
    }

    /**
     * The machine whose disk holds the artifact, when that is not this one (a journal shared by a team); empty when it
     * was made here, or the catalog does not know.
     */
    default Optional<String> elsewhere(String artifactId) {
        return Optional.empty();
    }

    /** Records the outcome of a verify on the entry (nothing when the artifact is not cataloged). */
    default void recordVerification(String artifactId, CatalogEntry.Verification verification) {
        byId(artifactId).ifPresent(e -> add(e.verified(verification)));
    }

    /** Records (or replaces) a copy of an artifact in a repository. Only in a run. */
    default void addCopy(CatalogCopy copy) {
        throw new IllegalStateException("this catalog records no copies (" + copy.artifactId() + ")");
    }

    default void removeCopy(String artifactId, String repository) {
        throw new IllegalStateException("this catalog removes no copies (" + artifactId + ")");
    }

    /** The copies of an artifact in repositories, oldest first; every copy when artifactId is null. */
    default List<CatalogCopy> copies(String artifactId) {
        return List.of();
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

        @Override
        public void recordVerification(String artifactId, CatalogEntry.Verification verification) {
            // nothing is cataloged, so nothing to record on
        }
    };
}
