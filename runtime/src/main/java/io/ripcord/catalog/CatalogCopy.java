package io.ripcord.catalog;

import java.time.Instant;

/**
 * A copy of a cataloged artifact in a repository besides the place it was written ({@code s3://bucket/app}): where
 * (the repository's URL, never a credential, and the artifact's key there), when it was shipped and by which run, and
 * its last read-back verify (null when never verified there). Retention and {@code lastBackup} count copies by it.
 * An encrypted copy ({@code encryption} "age") is another object than the artifact: {@code objectSize} and
 * {@code objectSha256} are the stored object's, recorded at upload, so a read-back without the identity still checks
 * every byte; for a plain copy they are null (the object is the artifact, with the catalog's size and SHA-256).
 */
public record CatalogCopy(String artifactId, String repository, String key, Instant copiedAt, String runId, Boolean verifyPassed,
                          Instant verifiedAt, Long objectSize, String objectSha256, String encryption) {

    /** A plain copy: the object is the artifact's bytes. */
    public CatalogCopy(String artifactId, String repository, String key, Instant copiedAt, String runId, Boolean verifyPassed,
                       Instant verifiedAt) {
        this(artifactId, repository, key, copiedAt, runId, verifyPassed, verifiedAt, null, null, null);
    }

    public CatalogCopy verified(boolean passed, Instant at) {
        return new CatalogCopy(artifactId, repository, key, copiedAt, runId, passed, at, objectSize, objectSha256, encryption);
    }
}
