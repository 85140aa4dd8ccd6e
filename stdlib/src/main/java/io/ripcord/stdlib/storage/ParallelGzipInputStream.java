package io.ripcord.stdlib.storage;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads what {@link ParallelGzipOutputStream} wrote on every core: the manifest records each gzip member's
 * compressed length, so members are read in order from the underlying stream (which may hash them) and inflated in
 * parallel, each checked against its own CRC-32 and length. Memory is bounded like the writer's.
 */
public final class ParallelGzipInputStream extends InputStream {

    private final InputStream in;
    private final List<Long> memberSizes;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private int nextMember;
    private byte[] current = new byte[0];
    private int position;

    public ParallelGzipInputStream(InputStream in, List<Long> memberSizes) {
        this.in = in;
        this.memberSizes = memberSizes;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ripcord-gunzip");
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = threads * 2;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (position == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    private boolean advance() throws IOException {
        while (inFlight.size() < maxInFlight && nextMember < memberSizes.size()) {
            int index = nextMember++;
            long size = memberSizes.get(index);
            if (size < 18 || size > Integer.MAX_VALUE) {
                throw new IOException("gzip member " + index + " has an impossible length " + size);
            }
            byte[] member = in.readNBytes((int) size);
            if (member.length < size) {
                throw new EOFException("the file ends inside gzip member " + index + " of " + memberSizes.size() + " (truncated)");
            }
            inFlight.add(pool.submit(() -> inflate(member, index)));
        }
        if (inFlight.isEmpty()) {
            return false;
        }
        try {
            current = inFlight.removeFirst().get();
            position = 0;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while decompressing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    static byte[] inflate(byte[] member, int index) throws IOException {
        if ((member[0] & 0xff) != 0x1f || (member[1] & 0xff) != 0x8b || member[2] != 8 || member[3] != 0) {
            throw new IOException("gzip member " + index + " does not start with the header Ripcord writes");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(member, 10, member.length - 18);
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("gzip member " + index + " is cut short");
                }
                out.write(buffer, 0, n);
            }
            byte[] data = out.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(data);
            int t = member.length - 8;
            long expectedCrc = (member[t] & 0xffL) | (member[t + 1] & 0xffL) << 8 | (member[t + 2] & 0xffL) << 16 | (member[t + 3] & 0xffL) << 24;
            long expectedSize = (member[t + 4] & 0xffL) | (member[t + 5] & 0xffL) << 8 | (member[t + 6] & 0xffL) << 16 | (member[t + 7] & 0xffL) << 24;
            if (crc.getValue() != expectedCrc || (data.length & 0xffffffffL) != expectedSize) {
                throw new IOException("gzip member " + index + " fails its CRC-32 or length check");
            }
            return data;
        } catch (DataFormatException e) {
            throw new IOException("gzip member " + index + " is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        in.close();
    }
}
