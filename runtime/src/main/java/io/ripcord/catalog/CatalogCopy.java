package io.ripcord.catalog;

import java.time.Instant;

/**
 * A copy of a cataloged artifact in a repository besides the place it was written ({@code s3://bucket/app}): where
 * (the repository's URL, never a credential, and the artifact's key there), when it was shipped and by which run, and
 * its last read-back verify (null when never verified there). Retention and {@code lastBackup} count copies by it.
 */
public record CatalogCopy(String artifactId, String repository, String key, Instant copiedAt, String runId, Boolean verifyPassed,
                          Instant verifiedAt) {

    public CatalogCopy verified(boolean passed, Instant at) {
        return new CatalogCopy(artifactId, repository, key, copiedAt, runId, passed, at);
    }
}
