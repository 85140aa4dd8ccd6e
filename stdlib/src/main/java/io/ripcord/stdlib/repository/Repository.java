package io.ripcord.stdlib.repository;

import io.ripcord.repository.RepositoryUrl;

/**
 * A repository as a runbook names it: its URL, and how to reach it: for S3 {@code s3('s3://b/p', accessKey: …)}, for
 * SFTP {@code sftp('sftp://u@h/p', identity: secret('SSH_KEY'))} (the private key's text; null: the agent and
 * ~/.ssh); a bare URL takes everything from the environment. Journaled and shown as its URL only: never a credential.
 */
public record Repository(RepositoryUrl url, S3Settings s3, String sshIdentity) implements io.ripcord.verb.JournalValue {

    public Repository(RepositoryUrl url, S3Settings s3) {
        this(url, s3, null);
    }

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
