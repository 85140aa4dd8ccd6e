package io.ripcord.stdlib.repository;

import io.ripcord.catalog.CatalogCopy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Our own checksums of a file, in one streaming pass: what a store is told to check the bytes it receives against. */
public final class Checksummer {

    /** The checksums and the byte count they cover, and the SHA-256 of each chunk (what a subset verify checks). */
    public record Summed(ObjectStore.Checksums checksums, long size, CatalogCopy.Chunks chunks) {
    }

    private Checksummer() {
    }

    public static Summed of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ChunkDigests chunks = new ChunkDigests(ChunkDigests.chunkSizeFor(Files.size(file)));
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                chunks.update(buffer, 0, n);
                size += n;
            }
            return new Summed(new ObjectStore.Checksums(HexFormat.of().formatHex(sha.digest()),
                    Base64.getEncoder().encodeToString(md5.digest())), size, chunks.finish());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
