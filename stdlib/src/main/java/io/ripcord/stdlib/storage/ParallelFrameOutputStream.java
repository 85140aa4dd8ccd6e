package io.ripcord.stdlib.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Compression on every core: the input is cut into 1 MiB blocks, each compressed on a pool thread into a complete,
 * independent frame of its format ({@link FrameCodec}: a gzip member, a zstd frame), and the frames are written in
 * order. The concatenation is one ordinary stream for the format's own tools. Each frame's length is kept
 * ({@link #frameSizes}) for the manifest, so {@link ParallelFrameInputStream} can decompress on every core too.
 * Memory stays bounded: at most two blocks per thread are in flight.
 */
public final class ParallelFrameOutputStream extends OutputStream {

    static final int BLOCK = 1 << 20;

    private final OutputStream out;
    private final FrameWorkers workers;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final List<Long> frameSizes = new ArrayList<>();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private boolean wroteAny;
    private boolean closed;

    ParallelFrameOutputStream(OutputStream out, String threadName, Supplier<FrameCodec> newCodec) {
        this.out = out;
        this.workers = new FrameWorkers(threadName, newCodec);
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
        inFlight.add(workers.submit(codec -> codec.compress(data, length)));
        while (inFlight.size() >= workers.maxInFlight) {
            writeNext();
        }
    }

    private void writeNext() throws IOException {
        byte[] frame = FrameWorkers.await(inFlight.removeFirst(), "compressing");
        out.write(frame);
        frameSizes.add((long) frame.length);
    }

    /** The compressed length of each frame, in order: lets a reader decompress them in parallel. */
    public List<Long> frameSizes() {
        return List.copyOf(frameSizes);
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
                submit(); // an empty input still becomes one valid (empty) frame
            }
            while (!inFlight.isEmpty()) {
                writeNext();
            }
            out.flush();
        } finally {
            workers.close();
            out.close();
        }
    }
}
