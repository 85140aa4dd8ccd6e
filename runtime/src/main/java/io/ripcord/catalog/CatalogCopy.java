package io.ripcord.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A copy of a cataloged artifact in a repository besides the place it was written ({@code s3://bucket/app}): where
 * (the repository's URL, never a credential, and the artifact's key there), when it was shipped and by which run, and
 * its last read-back verify (null when never verified there). Retention and {@code lastBackup} count copies by it.
 * An encrypted copy ({@code encryption} "age") is another object than the artifact: {@code objectSize} and
 * {@code objectSha256} are the stored object's, recorded at upload, so a read-back without the identity still checks
 * every byte; for a plain copy they are null (the object is the artifact, with the catalog's size and SHA-256).
 *
 * <p>{@code chunks}: the SHA-256 of each fixed-size chunk of the stored object, recorded when it was written (null for
 * a copy made before they were), what {@code verify …, readData: 10.percent} checks a rotating subset against;
 * {@code readCursor} counts the chunks those subset verifies have read, {@code partialVerifiedAt} when the last one
 * passed. A subset verify never sets {@code verifyPassed}: that is a whole read's.
 */
public record CatalogCopy(String artifactId, String repository, String key, Instant copiedAt, String runId, Boolean verifyPassed,
                          Instant verifiedAt, Long objectSize, String objectSha256, String encryption, Chunks chunks,
                          long readCursor, Instant partialVerifiedAt) {

    /** The stored object cut in pieces of {@code size} bytes (the last one shorter), each with its SHA-256 (hex). */
    public record Chunks(long size, List<String> sha256) {

        public Chunks {
            sha256 = List.copyOf(sha256);
        }

        public int count() {
            return sha256.size();
        }

        /** The digests as journaled: comma-separated, in order. */
        public String joined() {
            return String.join(",", sha256);
        }

        public static Chunks parse(long size, String joined) {
            return new Chunks(size, joined.isEmpty() ? List.of() : List.of(joined.split(",")));
        }
    }

    /** A plain copy: the object is the artifact's bytes. */
    public CatalogCopy(String artifactId, String repository, String key, Instant copiedAt, String runId, Boolean verifyPassed,
                       Instant verifiedAt) {
        this(artifactId, repository, key, copiedAt, runId, verifyPassed, verifiedAt, null, null, null, null, 0, null);
    }

    public CatalogCopy(String artifactId, String repository, String key, Instant copiedAt, String runId, Boolean verifyPassed,
                       Instant verifiedAt, Long objectSize, String objectSha256, String encryption) {
        this(artifactId, repository, key, copiedAt, runId, verifyPassed, verifiedAt, objectSize, objectSha256, encryption, null, 0, null);
    }

    public CatalogCopy verified(boolean passed, Instant at) {
        return new CatalogCopy(artifactId, repository, key, copiedAt, runId, passed, at, objectSize, objectSha256, encryption,
                chunks, readCursor, partialVerifiedAt);
    }

    /** A subset verify passed at {@code at}, having read chunks up to {@code cursor} (cumulative). */
    public CatalogCopy partiallyVerified(Instant at, long cursor) {
        return new CatalogCopy(artifactId, repository, key, copiedAt, runId, verifyPassed, verifiedAt, objectSize, objectSha256,
                encryption, chunks, cursor, at);
    }

    public CatalogCopy withChunks(Chunks chunks) {
        return new CatalogCopy(artifactId, repository, key, copiedAt, runId, verifyPassed, verifiedAt, objectSize, objectSha256,
                encryption, chunks, 0, null);
    }
}
