package io.ripcord.stdlib.repository;

import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.crypt.AgeEncryption;
import io.ripcord.stdlib.storage.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} whose {@link #put} stores the age encryption of the file instead of the file: the plain
 * bytes are checked against the caller's SHA-256 while they are encrypted into a private temporary file beside the
 * source (constant memory, {@link AtomicFile#TEMP_MARK} so a crash's leftover is swept locally), and that file is
 * put with its own checksums. Fails closed: if encryption fails nothing is put, never the plain file. Everything
 * else passes through; the stored object is what age reads ({@code age -d -i key.txt OBJECT}).
 */
public final class EncryptingStore implements ObjectStore {

    /**
     * What one put stored: the ciphertext's checksums, size and chunk digests (what a catalog entry for the copy
     * records: a subset verify checks the stored bytes, so it needs no identity).
     */
    public record Stored(String key, long size, Checksums checksums, io.ripcord.catalog.CatalogCopy.Chunks chunks) {
        public Stored(String key, long size, Checksums checksums) {
            this(key, size, checksums, null);
        }
    }

    private final ObjectStore store;
    private final AgeEncryption encryption;

    public EncryptingStore(ObjectStore store, AgeEncryption encryption) {
        this.store = store;
        this.encryption = encryption;
    }

    @Override
    public void put(String key, Path source, Checksums checksums) throws IOException {
        putEncrypted(key, source, checksums);
    }

    /** Encrypts source and puts it under key; returns what was stored. checksums are the plain file's (or null). */
    public Stored putEncrypted(String key, Path source, Checksums checksums) throws IOException {
        Path sealed = AtomicFile.tempFor(source.toAbsolutePath());
        try {
            MessageDigest sha256 = digest("SHA-256");
            MessageDigest md5 = digest("MD5");
            ChunkDigests chunks = new ChunkDigests(ChunkDigests.chunkSizeFor(Files.size(source)));
            try (HashingInputStream plain = new HashingInputStream(Files.newInputStream(source));
                 OutputStream file = AtomicFile.createPrivateFile(sealed);
                 OutputStream out = encryption.encrypting(
                         chunks.tee(new DigestOutputStream(new DigestOutputStream(file, sha256), md5)))) {
                plain.transferTo(out);
                if (checksums != null && checksums.sha256Hex() != null
                        && !checksums.sha256Hex().equalsIgnoreCase(plain.sha256())) {
                    throw new IOException("not encrypting " + source + ": its SHA-256 changed while it was read ("
                            + plain.sha256() + ", expected " + checksums.sha256Hex() + ")");
                }
            }
            Checksums stored = new Checksums(HexFormat.of().formatHex(sha256.digest()),
                    Base64.getEncoder().encodeToString(md5.digest()));
            store.put(key, sealed, stored);
            return new Stored(key, Files.size(sealed), stored, chunks.finish());
        } finally {
            Files.deleteIfExists(sealed);
        }
    }

    /** The decrypted bytes of key, with the identities in keyText (a header that is not for them fails here). */
    public InputStream openDecrypted(String key, String keyText) throws IOException {
        InputStream raw = store.open(key);
        try {
            return AgeEncryption.decrypting(raw, keyText);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    public AgeEncryption encryption() {
        return encryption;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return store.open(key, offset, length);
    }

    @Override
    public Optional<Entry> stat(String key) throws IOException {
        return store.stat(key);
    }

    @Override
    public List<Entry> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    @Override
    public int sweepIncomplete() throws IOException {
        return store.sweepIncomplete();
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
