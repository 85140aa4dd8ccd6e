package io.ripcord.stdlib.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on every core: the input is cut into 1 MiB blocks, each compressed on a pool thread into a complete gzip
 * member, and the members are written in order. A concatenation of gzip members is a valid gzip file (RFC 1952
 * section 2.2): gzip -t, gzip -dc, tar -z and Java's GZIPInputStream read it whole. Memory stays bounded: at most
 * two blocks per thread are in flight.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    private static final int BLOCK = 1 << 20;

    private final OutputStream out;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private boolean wroteAny;
    private boolean closed;
    private final java.util.List<Long> memberSizes = new java.util.ArrayList<>();

    public ParallelGzipOutputStream(OutputStream out) {
        this.out = out;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ripcord-gzip");
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = threads * 2;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit();
            }
        }
    }

    private void submit() throws IOException {
        byte[] data = block;
        int length = filled;
        block = new byte[BLOCK];
        filled = 0;
        wroteAny = true;
        inFlight.add(pool.submit(() -> member(data, length)));
        while (inFlight.size() >= maxInFlight) {
            writeNext();
        }
    }

    private void writeNext() throws IOException {
        try {
            byte[] member = inFlight.removeFirst().get();
            out.write(member);
            memberSizes.add((long) member.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compressing failed: " + e.getCause(), e.getCause());
        }
    }

    /** One complete gzip member: header, raw deflate data, CRC-32 and length. */
    static byte[] member(byte[] data, int length) {
        ByteArrayOutputStream member = new ByteArrayOutputStream(length / 2 + 64);
        member.write(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, 0, 10); // deflate, no name, Unix
        Deflater deflater = new Deflater(6, true);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                member.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        writeIntLE(member, (int) crc.getValue());
        writeIntLE(member, length);
        return member.toByteArray();
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    /** The compressed length of each member, in order: lets a reader inflate them in parallel. */
    public java.util.List<Long> memberSizes() {
        return java.util.List.copyOf(memberSizes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filled > 0 || !wroteAny) {
                submit(); // an empty input still becomes one valid (empty) member
            }
            while (!inFlight.isEmpty()) {
                writeNext();
            }
            out.flush();
        } finally {
            pool.shutdownNow();
            out.close();
        }
    }
}
