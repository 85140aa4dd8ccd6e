package io.ripcord.stdlib.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
    private final FrameWorkers workers;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private int nextFrame;
    private byte[] current = new byte[0];
    private int position;

    /** {@code what} names a frame in messages ("gzip member", "zstd frame"). */
    ParallelFrameInputStream(InputStream in, List<Long> frameSizes, String what, String threadName, Supplier<FrameCodec> newCodec) {
        this.in = in;
        this.frameSizes = frameSizes;
        this.what = what;
        this.workers = new FrameWorkers(threadName, newCodec);
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
        while (inFlight.size() < workers.maxInFlight && nextFrame < frameSizes.size()) {
            int index = nextFrame++;
            long size = frameSizes.get(index);
            if (size < 1 || size > 2L * ParallelFrameOutputStream.BLOCK) { // a block that did not compress grows a little, never twice
                throw new IOException(what + " " + index + " has an impossible length " + size);
            }
            byte[] frame = in.readNBytes((int) size);
            if (frame.length < size) {
                throw new EOFException("the file ends inside " + what + " " + index + " of " + frameSizes.size() + " (truncated)");
            }
            inFlight.add(workers.submit(codec -> codec.decompress(frame, index)));
        }
        if (inFlight.isEmpty()) {
            return false;
        }
        current = FrameWorkers.await(inFlight.removeFirst(), "decompressing");
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        workers.close();
        in.close();
    }
}
