package io.ripcord.stdlib.repository;

import io.ripcord.repository.RepositoryUrl;

/**
 * A repository as a runbook names it: its URL, and for S3 how to reach it ({@code s3('s3://b/p', accessKey: …)}; a
 * bare {@code 's3://b/p'} takes everything from the environment). Journaled as its URL only: never a credential.
 */
public record Repository(RepositoryUrl url, S3Settings s3) implements io.ripcord.verb.JournalValue {

    public static Repository of(String text) {
        return new Repository(RepositoryUrl.parse(text), S3Settings.FROM_ENVIRONMENT);
    }

    @Override
    public Object journalValue() {
        return url.text();
    }

    public boolean remote() {
        return url.remote();
    }

    @Override
    public String toString() {
        return url.text();
    }
}
