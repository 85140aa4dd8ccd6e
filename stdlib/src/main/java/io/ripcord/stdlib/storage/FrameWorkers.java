package io.ripcord.stdlib.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The threads that compress or decompress frames: one per core, each with its own {@link FrameCodec} (a native zstd
 * context is not shared between threads). Callers keep at most {@link #maxInFlight} frames in flight, which bounds
 * memory.
 */
final class FrameWorkers implements AutoCloseable {

    interface Work {
        byte[] on(FrameCodec codec) throws IOException;
    }

    final int maxInFlight;
    private final ExecutorService pool;
    private final ThreadLocal<FrameCodec> codec;
    private final ConcurrentLinkedQueue<FrameCodec> codecs = new ConcurrentLinkedQueue<>();

    FrameWorkers(String threadName, Supplier<FrameCodec> newCodec) {
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

    Future<byte[]> submit(Work work) {
        return pool.submit(() -> work.on(codec.get()));
    }

    /** The frame's result; {@code doing} ("compressing") names the work when it failed with something else than an IOException. */
    static byte[] await(Future<byte[]> frame, String doing) throws IOException {
        try {
            return frame.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + doing);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(doing + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the threads; their native contexts are freed once no thread can be using one. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                return; // a thread still inside native code: leave its context to the collector
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (FrameCodec c; (c = codecs.poll()) != null; ) {
            c.close();
        }
    }
}
