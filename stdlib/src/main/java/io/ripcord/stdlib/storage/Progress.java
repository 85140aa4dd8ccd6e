package io.ripcord.stdlib.storage;

import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbOutput;

/** Reports long work every few seconds ("backed up 312 MB of 1 GB, 31%"); silent for work that ends quickly. */
public final class Progress {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final VerbOutput output;
    private final String what;
    private final long total;
    private long done;
    private long nextReport = System.nanoTime() + EVERY_NANOS;

    public Progress(VerbOutput output, String what, long total) {
        this.output = output;
        this.what = what;
        this.total = total;
    }

    public void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now >= nextReport) {
            nextReport = now + EVERY_NANOS;
            output.info(what + " " + new ByteSize(done) + (total > 0 ? " of " + new ByteSize(total) + ", " + Math.min(100, done * 100 / total) + "%" : ""));
        }
    }
}
