package io.ripcord.stdlib.repository;

import java.util.Map;

/**
 * The one place a repository URL becomes an {@link ObjectStore}. Each store's classes (and its client library) are
 * reached only from its own case, so a run without an {@code s3://} repository never loads the AWS SDK.
 */
public final class Repositories {

    private Repositories() {
    }

    /**
     * Refuses, before anything runs, a repository this build cannot open. The message is for an error naming the
     * argument; null when the repository can be opened.
     */
    public static String unsupported(Repository repository) {
        return switch (repository.url().kind()) {
            case LOCAL, S3 -> null;
            case SFTP -> "'" + repository.url().text() + "': sftp:// repositories are not built yet in this version of Ripcord;"
                    + " ship the backup with s3:// or a local (mounted) directory for now";
        };
    }

    /** Opens a remote repository; the environment fills what the runbook left out (AWS_* variables). */
    public static ObjectStore open(Repository repository, Map<String, String> env) throws RepositoryException {
        return switch (repository.url().kind()) {
            case S3 -> S3Stores.open(repository, env);
            case SFTP -> throw new RepositoryException(RepositoryException.Reason.FAILED, unsupported(repository),
                    "use an s3:// repository or a local directory", null);
            case LOCAL -> throw new IllegalArgumentException("a local directory is written in place, not through a store: " + repository);
        };
    }

    /** Its own class, so that the verifier never needs S3Store (and the SDK) to check {@link #open}. */
    private static final class S3Stores {
        static ObjectStore open(Repository repository, Map<String, String> env) {
            return new io.ripcord.stdlib.repository.s3.S3Store(repository.url(), repository.s3().resolved(env));
        }
    }
}
