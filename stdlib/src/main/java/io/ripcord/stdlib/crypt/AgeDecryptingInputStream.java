package io.ripcord.stdlib.crypt;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Decrypts an age v1 file with X25519 identities, one 64 KiB chunk at a time. Bytes come out only after their
 * chunk authenticated; a changed chunk, a missing last chunk or trailing data end in an {@link AgeFormatException}.
 * A reader must treat what it read as whole only once it reached the end of this stream (truncation shows there).
 */
public final class AgeDecryptingInputStream extends FilterInputStream {

    private static final int SEALED_CHUNK = AgeEncryptingOutputStream.CHUNK + Primitives.TAG_SIZE;

    private final AgeEncryptingOutputStream.Payload payload;
    private final byte[] sealed = new byte[SEALED_CHUNK];
    private byte[] plain = new byte[0];
    private int position;
    private boolean sawLast;
    private boolean firstChunk = true;

    private AgeDecryptingInputStream(InputStream in, AgeEncryptingOutputStream.Payload payload) {
        super(in);
        this.payload = payload;
    }

    /** Reads and authenticates the header now (a wrong identity fails here, before any payload is read). */
    public static AgeDecryptingInputStream from(InputStream source, List<AgeIdentity> identities) throws IOException {
        // buffered: the header is read byte by byte, and the end of a full chunk is found by peeking one byte
        InputStream in = source.markSupported() ? source : new BufferedInputStream(source, SEALED_CHUNK);
        AgeStanzas.Header header = AgeStanzas.read(in);
        byte[] fileKey = AgeStanzas.fileKey(header, identities);
        byte[] nonce = in.readNBytes(16);
        if (nonce.length != 16) {
            throw new AgeFormatException("the age file is truncated (it ends inside the payload nonce)");
        }
        try {
            return new AgeDecryptingInputStream(in,
                    new AgeEncryptingOutputStream.Payload(Primitives.hkdf(fileKey, nonce, "payload")));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == plain.length) {
            if (sawLast) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, plain.length - position);
        System.arraycopy(plain, position, b, off, n);
        position += n;
        return n;
    }

    private void nextChunk() throws IOException {
        int n = in.readNBytes(sealed, 0, SEALED_CHUNK);
        if (n < Primitives.TAG_SIZE) {
            throw new AgeFormatException("the age file is truncated (its last chunk is missing)");
        }
        // a full chunk is the last one only when nothing follows it
        boolean last = n < SEALED_CHUNK || atEnd();
        plain = payload.open(sealed, n, last);
        position = 0;
        if (last) {
            sawLast = true;
            if (plain.length == 0 && !firstChunk) {
                throw new AgeFormatException("the age payload ends in an empty chunk, which age never writes");
            }
        }
        firstChunk = false;
    }

    private boolean atEnd() throws IOException {
        in.mark(1);
        boolean end = in.read() < 0;
        in.reset();
        return end;
    }

    @Override
    public long skip(long n) throws IOException {
        // FilterInputStream.skip would skip ciphertext: read through instead
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() {
        return plain.length - position;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
