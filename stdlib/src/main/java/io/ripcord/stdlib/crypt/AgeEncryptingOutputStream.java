package io.ripcord.stdlib.crypt;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what is written to it into the age v1 format on the underlying stream: header, 16-byte nonce, then the
 * STREAM payload in 64 KiB chunks (ChaCha20-Poly1305, nonce = 11-byte counter and a last-chunk flag). One chunk of
 * memory whatever the size. {@link #close} writes the final chunk: an unclosed stream leaves a file age refuses as
 * truncated, never one that decrypts to a prefix.
 */
public final class AgeEncryptingOutputStream extends FilterOutputStream {

    static final int CHUNK = 64 * 1024;

    private final Payload payload;
    private final byte[] buffer = new byte[CHUNK];
    private int filled;
    private boolean closed;

    private AgeEncryptingOutputStream(OutputStream out, Payload payload) {
        super(out);
        this.payload = payload;
    }

    /** Writes the header and nonce to out at once, and returns the stream that encrypts to it. */
    public static AgeEncryptingOutputStream to(OutputStream out, List<AgeRecipient> recipients) throws IOException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient");
        }
        SecureRandom random = new SecureRandom();
        byte[] fileKey = new byte[16];
        random.nextBytes(fileKey);
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        try {
            out.write(AgeStanzas.write(fileKey, recipients));
            out.write(nonce);
            return new AgeEncryptingOutputStream(out, new Payload(Primitives.hkdf(fileKey, nonce, "payload")));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt: the JDK lacks X25519 or ChaCha20-Poly1305 (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            if (filled == CHUNK) {
                // a full chunk is written only once more data follows: the last chunk must carry the last flag
                out.write(payload.seal(buffer, filled, false));
                filled = 0;
            }
            int n = Math.min(len, CHUNK - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush(); // the buffered chunk stays: a chunk is sealed only when full or last
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.write(payload.seal(buffer, filled, true));
            out.flush();
        } finally {
            out.close();
        }
    }

    /** The STREAM construction's sealing and opening, shared by both directions. */
    static final class Payload {
        private final SecretKeySpec key;
        private final Cipher cipher;
        private long counter;

        Payload(byte[] key) throws GeneralSecurityException {
            this.key = new SecretKeySpec(key, "ChaCha20");
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305"); // one instance, re-initialised per chunk nonce
        }

        byte[] seal(byte[] plain, int length, boolean last) throws IOException {
            return run(Cipher.ENCRYPT_MODE, plain, length, last);
        }

        /** Opens one chunk; an authentication failure is an AgeFormatException naming the chunk. */
        byte[] open(byte[] sealed, int length, boolean last) throws IOException {
            return run(Cipher.DECRYPT_MODE, sealed, length, last);
        }

        private byte[] run(int mode, byte[] data, int length, boolean last) throws IOException {
            if (counter == (1L << 40)) { // 2^40 chunks of 64 KiB: beyond any artifact, refuse instead of wrapping
                throw new IOException("age payload too long");
            }
            byte[] nonce = new byte[12];
            for (int i = 0; i < 8; i++) {
                nonce[10 - i] = (byte) (counter >>> (8 * i));
            }
            nonce[11] = (byte) (last ? 1 : 0);
            long chunk = counter++;
            try {
                cipher.init(mode, key, new IvParameterSpec(nonce));
                return cipher.doFinal(data, 0, length);
            } catch (AEADBadTagException e) {
                throw new AgeFormatException("the encrypted payload was changed or cut short (chunk " + chunk
                        + " fails authentication): the file is not trusted");
            } catch (GeneralSecurityException e) {
                throw new IOException("ChaCha20-Poly1305 failed: " + e.getMessage(), e);
            }
        }
    }
}
