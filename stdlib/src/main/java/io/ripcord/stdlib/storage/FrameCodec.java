package io.ripcord.stdlib.storage;

import java.io.IOException;

/**
 * One block of an artifact as an independent frame of its format, both ways: a gzip member ({@link GzipMember}) or a
 * zstd frame ({@link ZstdFrame}). Concatenated frames are one ordinary stream for the format's own tools, so Ripcord
 * can compress and decompress every block on its own core. An instance serves one thread at a time (it may keep a
 * native context); {@link #close} frees what it holds.
 */
interface FrameCodec extends AutoCloseable {

    /** The complete frame holding {@code data[0, length)}, checksummed. */
    byte[] compress(byte[] data, int length) throws IOException;

    /** The content of frame {@code index} (for messages), checked against its own checksum and length. */
    byte[] decompress(byte[] frame, int index) throws IOException;

    @Override
    default void close() {
    }
}
