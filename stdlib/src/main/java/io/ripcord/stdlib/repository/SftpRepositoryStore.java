package io.ripcord.stdlib.repository;

import io.ripcord.stdlib.repository.sftp.SftpFailure;
import io.ripcord.stdlib.repository.sftp.SftpStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An SFTP store as the repository code meets every store: its failures as {@link RepositoryException}s, so copying,
 * listing, fetching and retention report an SFTP server the way they report S3 (problem code, what to do next).
 */
final class SftpRepositoryStore implements ObjectStore {

    private final SftpStore store;

    SftpRepositoryStore(SftpStore store) {
        this.store = store;
    }

    static RepositoryException translated(SftpFailure e) {
        RepositoryException.Reason reason = switch (e.code()) {
            case ENGINE_UNAVAILABLE -> RepositoryException.Reason.UNREACHABLE;
            case DESTINATION_NOT_WRITABLE -> RepositoryException.Reason.ACCESS_DENIED;
            case BACKUP_MISSING -> RepositoryException.Reason.NOT_FOUND;
            case DISK_FULL -> RepositoryException.Reason.FULL;
            default -> RepositoryException.Reason.FAILED;
        };
        return new RepositoryException(reason, e.getMessage(), e.next(), e);
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T translating(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (SftpFailure e) {
            throw translated(e);
        }
    }

    @Override
    public void put(String key, Path source, Checksums checksums) throws IOException {
        translating(() -> {
            store.put(key, source, checksums);
            return null;
        });
    }

    @Override
    public Written putChecked(String key, Path source, long expectedSize, String expectedSha256) throws IOException {
        return translating(() -> store.putChecked(key, source, expectedSize, expectedSha256));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return translating(() -> store.open(key));
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return translating(() -> store.open(key, offset, length));
    }

    @Override
    public Optional<Entry> stat(String key) throws IOException {
        return translating(() -> store.stat(key));
    }

    @Override
    public List<Entry> list(String prefix) throws IOException {
        return translating(() -> store.list(prefix));
    }

    @Override
    public void delete(String key) throws IOException {
        translating(() -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public int sweepIncomplete() throws IOException {
        return translating(store::sweepIncomplete);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
