package io.ripcord.stdlib.repository;

import io.ripcord.catalog.CatalogCopy;
import io.ripcord.stdlib.storage.HashingOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of each fixed-size chunk of a stored object, computed in the pass that already reads it for upload, so
 * {@code verify …, readData: 10.percent} can check a rotating subset with ranged reads. Chunks are whole MiB, at
 * least 1 MiB, and as big as it takes to keep an object to about {@value #TARGET_CHUNKS} of them (a 1 GiB artifact:
 * 11 MiB chunks, 94 of them), so a percentage reads close to that share of the bytes.
 */
public final class ChunkDigests {

    static final long MIB = 1L << 20;
    static final int TARGET_CHUNKS = 100;

    private final long chunkSize;
    private final List<String> done = new ArrayList<>();
    private MessageDigest current = HashingOutputStream.Sha256.newDigest();
    private long inChunk;

    public ChunkDigests(long chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** The chunk size for an object of about {@code size} bytes. */
    public static long chunkSizeFor(long size) {
        long perChunk = (size + TARGET_CHUNKS - 1) / TARGET_CHUNKS;
        return Math.max(1, (perChunk + MIB - 1) / MIB) * MIB;
    }

    public void update(byte[] b, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, chunkSize - inChunk);
            current.update(b, off, n);
            inChunk += n;
            off += n;
            len -= n;
            if (inChunk == chunkSize) {
                done.add(HexFormat.of().formatHex(current.digest()));
                inChunk = 0;
            }
        }
    }

    /** The digests of every chunk seen, the last (shorter) one included. */
    public CatalogCopy.Chunks finish() {
        List<String> all = new ArrayList<>(done);
        if (inChunk > 0) {
            all.add(HexFormat.of().formatHex(current.digest()));
            inChunk = 0;
        }
        return new CatalogCopy.Chunks(chunkSize, all);
    }

    /** An input stream that digests what is read through it into these chunks. */
    public java.io.InputStream feeding(java.io.InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    update(new byte[]{(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    update(b, off, n);
                }
                return n;
            }
        };
    }

    /** An output stream that digests what goes through it into these chunks. */
    public OutputStream tee(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                update(new byte[]{(byte) b}, 0, 1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                update(b, off, len);
                out.write(b, off, len);
            }
        };
    }
}
