package io.ripcord.stdlib.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One repository's objects, addressed by keys relative to its root ({@code "db-20261203-021500-1a2b.sqlite.gz"}).
 * Every store keeps the same promise: {@link #put} either commits the whole object under its key or leaves nothing a
 * {@link #list} shows under that key (S3: multipart upload completed with {@code If-None-Match: *}; SFTP: a temporary
 * name renamed), and {@link #sweepIncomplete} removes what an interrupted put left (incomplete multipart uploads,
 * temporary names). An artifact counts as complete only once its manifest is there, so callers put the manifest last.
 */
public interface ObjectStore extends AutoCloseable {

    /** What a store knows of one object without reading it. */
    record Entry(String key, long size, Instant modified) {
    }

    /** Our own checksums of the bytes to put, sent with them so the store refuses a corrupted transfer. */
    record Checksums(String sha256Hex, String md5Base64) {
    }

    /** Writes the file's bytes under key, streaming with constant memory; refuses to replace an existing key. */
    void put(String key, Path source, Checksums checksums) throws IOException;

    /** What a checked put stored: the bytes' size, their SHA-256, and the digests of their chunks. */
    record Written(long size, String sha256Hex, io.ripcord.catalog.CatalogCopy.Chunks chunks) {
    }

    /** The bytes read for a checked put were not the expected ones: nothing was committed under the key. */
    final class ContentMismatch extends IOException {
        private final long size;
        private final String sha256Hex;

        public ContentMismatch(Path source, long size, String sha256Hex) {
            super(source + " is " + size + " bytes, SHA-256 " + sha256Hex + " as read for the upload");
            this.size = size;
            this.sha256Hex = sha256Hex;
        }

        public long size() {
            return size;
        }

        public String sha256Hex() {
            return sha256Hex;
        }

        /** Throws unless size and sha256Hex are the expected ones. */
        public static void check(Path source, long size, String sha256Hex, long expectedSize, String expectedSha256) throws ContentMismatch {
            if (size != expectedSize || !sha256Hex.equalsIgnoreCase(expectedSha256)) {
                throw new ContentMismatch(source, size, sha256Hex);
            }
        }
    }

    /**
     * Writes the file's bytes under key only if they are {@code expectedSize} bytes with SHA-256 {@code expectedSha256}
     * as read for the upload: otherwise nothing is committed (the upload aborted, its temporary name removed) and
     * {@link ContentMismatch} is thrown. This default reads the file once to hash it, then puts it; a store that hashes
     * what it sends overrides it, so the bytes are read once fewer.
     */
    default Written putChecked(String key, Path source, long expectedSize, String expectedSha256) throws IOException {
        Checksummer.Summed summed = Checksummer.of(source);
        ContentMismatch.check(source, summed.size(), summed.checksums().sha256Hex(), expectedSize, expectedSha256);
        put(key, source, summed.checksums());
        return new Written(summed.size(), summed.checksums().sha256Hex(), summed.chunks());
    }

    /** Streams the object's bytes; the caller hashes what it reads. */
    InputStream open(String key) throws IOException;

    /**
     * Streams {@code length} bytes of the object from {@code offset} (S3: a ranged GET; SFTP: a read from there): what a
     * subset verify reads. This default reads from the start and skips, for a store that cannot seek.
     */
    default InputStream open(String key, long offset, long length) throws IOException {
        InputStream in = open(key);
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return org.apache.commons.io.input.BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
    }

    Optional<Entry> stat(String key) throws IOException;

    /** Committed objects whose key starts with prefix ("" for all), in key order. */
    List<Entry> list(String prefix) throws IOException;

    void delete(String key) throws IOException;

    /** Removes what interrupted puts left behind; returns how many it removed. */
    int sweepIncomplete() throws IOException;

    /** The repository's URL as shown to users: never a credential. */
    String describe();

    @Override
    void close() throws IOException;
}
