package io.ripcord.stdlib.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Reads what {@link ParallelFrameOutputStream} wrote on every core: the manifest records each frame's compressed
 * length, so frames are read in order from the underlying stream (which may hash them) and decompressed in parallel,
 * each checked against its own checksum and length. Memory is bounded like the writer's.
 */
public final class ParallelFrameInputStream extends InputStream {

    private final InputStream in;
    private final List<Long> frameSizes;
    private final String what;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ThreadLocal<FrameCodec> codec;
    private final ConcurrentLinkedQueue<FrameCodec> codecs = new ConcurrentLinkedQueue<>();
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private int nextFrame;
    private byte[] current = new byte[0];
    private int position;

    /** {@code what} names a frame in messages ("gzip member", "zstd frame"). */
    ParallelFrameInputStream(InputStream in, List<Long> frameSizes, String what, String threadName, Supplier<FrameCodec> newCodec) {
        this.in = in;
        this.frameSizes = frameSizes;
        this.what = what;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = threads * 2;
        this.codec = ThreadLocal.withInitial(() -> {
            FrameCodec c = newCodec.get();
            codecs.add(c);
            return c;
        });
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
        while (inFlight.size() < maxInFlight && nextFrame < frameSizes.size()) {
            int index = nextFrame++;
            long size = frameSizes.get(index);
            if (size < 1 || size > 2L * ParallelFrameOutputStream.BLOCK) { // a block that did not compress grows a little, never twice
                throw new IOException(what + " " + index + " has an impossible length " + size);
            }
            byte[] frame = in.readNBytes((int) size);
            if (frame.length < size) {
                throw new EOFException("the file ends inside " + what + " " + index + " of " + frameSizes.size() + " (truncated)");
            }
            inFlight.add(pool.submit(() -> codec.get().decompress(frame, index)));
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

    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        ParallelFrameOutputStream.closeCodecs(pool, codecs);
        in.close();
    }
}
