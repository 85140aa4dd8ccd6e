package io.ripcord.stdlib.storage;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

import java.io.IOException;
import java.util.Arrays;

/**
 * A block as one complete zstd frame (level 3, like {@code zstd -3}), with its content size and XXH64 checksum in the
 * frame as the zstd CLI writes them. Concatenated frames are one zstd stream (RFC 8878 section 3.1): zstd -t, zstd -dc
 * and tar --zstd read it whole. Keeps one native context each way for the thread using it.
 */
final class ZstdFrame implements FrameCodec {

    static final int LEVEL = 3;

    private final int maxContent;
    private ZstdCompressCtx compressor;
    private ZstdDecompressCtx decompressor;

    /** {@code maxContent}: the largest block a frame may hold; a frame that says it holds more is refused, not allocated. */
    ZstdFrame(int maxContent) {
        this.maxContent = maxContent;
    }

    @Override
    public byte[] compress(byte[] data, int length) {
        if (compressor == null) {
            compressor = new ZstdCompressCtx().setLevel(LEVEL).setChecksum(true).setContentSize(true);
        }
        byte[] frame = new byte[(int) Zstd.compressBound(length)];
        int n = compressor.compressByteArray(frame, 0, frame.length, data, 0, length);
        return Arrays.copyOf(frame, n);
    }

    @Override
    public byte[] decompress(byte[] frame, int index) throws IOException {
        if (frame.length < 8) { // magic, frame header descriptor and one block header at the least
            throw new IOException("zstd frame " + index + " is " + frame.length + " bytes by the manifest: too short to be a zstd frame");
        }
        try {
            // exactly one frame, of the length the manifest gives: a table that does not match the file is refused here
            long compressed = Zstd.findFrameCompressedSize(frame);
            if (compressed != frame.length) {
                throw new IOException("zstd frame " + index + " is " + frame.length + " bytes by the manifest, but its own header says " + compressed);
            }
            long size = Zstd.getFrameContentSize(frame);
            if (size < 0 || size > maxContent) {
                throw new IOException("zstd frame " + index + " does not hold a block Ripcord writes (its content size is "
                        + (size < 0 ? "not recorded" : size + " bytes") + ")");
            }
            if (decompressor == null) {
                decompressor = new ZstdDecompressCtx();
            }
            byte[] data = new byte[(int) size];
            int n = decompressor.decompressByteArray(data, 0, data.length, frame, 0, frame.length);
            if (n != size) {
                throw new IOException("zstd frame " + index + " holds " + n + " bytes, its header says " + size);
            }
            return data;
        } catch (ZstdException e) {
            throw new IOException("zstd frame " + index + " is damaged: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (compressor != null) {
            compressor.close();
        }
        if (decompressor != null) {
            decompressor.close();
        }
    }
}
