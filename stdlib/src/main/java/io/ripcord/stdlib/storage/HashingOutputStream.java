package io.ripcord.stdlib.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and SHA-256-hashes the bytes on their way to the file, so an artifact is hashed in the same pass it is written. */
public final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    public HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    public long count() {
        return count;
    }

    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 helpers shared by writers and readers. */
    public static final class Sha256 {
        private Sha256() {
        }

        public static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always has SHA-256", e);
            }
        }
    }
}
