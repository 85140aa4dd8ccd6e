package io.ripcord.stdlib.storage;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The compressions artifacts use, with what the standard tools call them. */
public enum Compression {
    /** gzip, compressed on every core as a multi-member stream that gzip, tar -z and zcat read. */
    GZIP("gz", "gzip -dc", "gzip -t"),
    /** zstd (level 3). */
    ZSTD("zst", "zstd -dc", "zstd -t"),
    /** Stored as is. */
    NONE("", "cat", null);

    public final String extension;
    /** The shell command that writes the decompressed content to stdout, for manual restore instructions. */
    public final String catCommand;
    /** The shell command that tests the compressed stream, or null. */
    public final String testCommand;

    Compression(String extension, String catCommand, String testCommand) {
        this.extension = extension;
        this.catCommand = catCommand;
        this.testCommand = testCommand;
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

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out);
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(out, 3);
                zstd.setWorkers(Runtime.getRuntime().availableProcessors()); // like zstd -T0
                yield zstd;
            }
            case NONE -> new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            };
        };
    }

    /** Reads every member of a gzip stream; buffered, since the decompressors read in small pieces. */
    public InputStream decompress(InputStream in) throws IOException {
        InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        return switch (this) {
            case GZIP -> new GZIPInputStream(buffered, 1 << 16);
            case ZSTD -> new ZstdInputStream(buffered);
            case NONE -> buffered;
        };
    }
}
