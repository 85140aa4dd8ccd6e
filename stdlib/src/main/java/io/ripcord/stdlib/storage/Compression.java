package io.ripcord.stdlib.storage;

import com.github.luben.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The compressions artifacts use, with what the standard tools call them. gzip and zstd are written on every core as
 * independent 1 MiB frames (gzip members, zstd frames) whose concatenation is one ordinary stream for gzip/zstd/tar;
 * the manifest lists each frame's length under {@link #framesKey} so verify and restore decompress on every core too.
 */
public enum Compression {
    /** gzip, compressed on every core as a multi-member stream that gzip, tar -z and zcat read. */
    GZIP("gz", "gzip -dc", "gzip -t", "gzipMembers"),
    /** zstd level 3, compressed on every core as concatenated frames that zstd -d and tar --zstd read. */
    ZSTD("zst", "zstd -dc", "zstd -t", "zstdFrames"),
    /** Stored as is. */
    NONE("", "cat", null, null);

    public final String extension;
    /** The shell command that writes the decompressed content to stdout, for manual restore instructions. */
    public final String catCommand;
    /** The shell command that tests the compressed stream, or null. */
    public final String testCommand;
    /** The manifest's key (under "artifact") for the list of frame lengths, or null when the format has no frames. */
    public final String framesKey;

    Compression(String extension, String catCommand, String testCommand, String framesKey) {
        this.extension = extension;
        this.catCommand = catCommand;
        this.testCommand = testCommand;
        this.framesKey = framesKey;
    }

    public static Compression named(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("compress: must be 'gzip', 'zstd' or 'none', got '" + name + "'"));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String suffix() {
        return extension.isEmpty() ? "" : "." + extension;
    }

    /** gzip and zstd: a {@link ParallelFrameOutputStream}, whose {@code frameSizes()} go into the manifest. */
    public OutputStream compress(OutputStream out) {
        return switch (this) {
            case GZIP -> new ParallelFrameOutputStream(out, "ripcord-gzip", GzipMember::new);
            case ZSTD -> new ParallelFrameOutputStream(out, "ripcord-zstd", () -> new ZstdFrame(ParallelFrameOutputStream.BLOCK));
            case NONE -> new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            };
        };
    }

    /**
     * The content, decompressed on every core when the manifest listed the frames ({@code frameSizes}); else (no list:
     * another tool's file, or a zstd backup from before Ripcord wrote frames) one stream read in order.
     */
    public InputStream decompress(InputStream in, List<Long> frameSizes) throws IOException {
        if (frameSizes == null || frameSizes.isEmpty() || framesKey == null) {
            return decompress(in);
        }
        InputStream frames = switch (this) {
            case GZIP -> new ParallelFrameInputStream(in, frameSizes, "gzip member", "ripcord-gunzip", GzipMember::new);
            default -> new ParallelFrameInputStream(in, frameSizes, "zstd frame", "ripcord-unzstd", () -> new ZstdFrame(ParallelFrameOutputStream.BLOCK));
        };
        return new BufferedInputStream(frames, 1 << 16);
    }

    /** Reads every member or frame of the stream, in order; buffered, since the decompressors read in small pieces. */
    public InputStream decompress(InputStream in) throws IOException {
        InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        return switch (this) {
            case GZIP -> new GZIPInputStream(buffered, 1 << 16);
            case ZSTD -> new ZstdInputStream(buffered);
            case NONE -> buffered;
        };
    }
}
