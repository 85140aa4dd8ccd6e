package io.ripcord.stdlib.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and SHA-256-hashes what is read, so verification hashes and decompresses in one pass. */
public final class HashingInputStream extends FilterInputStream {

    private final MessageDigest digest = HashingOutputStream.Sha256.newDigest();
    private long count;

    public HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /** Reads whatever is left, so the hash covers the whole file. */
    public void drain() throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashing is the point
        }
    }

    public long count() {
        return count;
    }

    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
