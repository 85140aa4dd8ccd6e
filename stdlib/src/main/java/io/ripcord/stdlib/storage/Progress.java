package io.ripcord.stdlib.storage;

import io.ripcord.verb.ProgressReport;
import io.ripcord.verb.VerbOutput;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reports long work to the verb's output: nothing for work that ends within a second, then a report every fifth of a
 * second (a terminal's live bar redraws with each) of which those crossing a tenth of the total (every 10 s when the
 * total is unknown) are milestones, a line each where no bar can be drawn.
 */
public final class Progress {

    private static final long QUIET_FOR_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 200_000_000L;
    private static final long UNKNOWN_TOTAL_MILESTONE_NANOS = 10_000_000_000L;

    private final VerbOutput output;
    private final String phase;
    private final long total;
    private final LongSupplier nanoTime;
    private final long started;
    private long done;
    private long nextReport;
    private int lastTenth;
    private long lastMilestone;

    public Progress(VerbOutput output, String phase, long total) {
        this(output, phase, total, System::nanoTime);
    }

    /** With a clock of its own: tests move time instead of waiting for it. */
    Progress(VerbOutput output, String phase, long total, LongSupplier nanoTime) {
        this.output = output;
        this.phase = phase;
        this.total = total;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.nextReport = started + QUIET_FOR_NANOS;
        this.lastMilestone = started;
    }

    public void advance(long bytes) {
        done += bytes;
        long now = nanoTime.getAsLong();
        if (now < nextReport) {
            return;
        }
        nextReport = now + EVERY_NANOS;
        long elapsed = Math.max(1, now - started);
        long rate = (long) (done * 1e9 / elapsed);
        Duration eta = total > 0 && rate > 0 ? Duration.ofSeconds(Math.max(0, total - done) / rate) : null;
        boolean milestone;
        if (total > 0) {
            int tenth = (int) Math.min(10, done * 10 / total);
            milestone = tenth > lastTenth;
            lastTenth = Math.max(lastTenth, tenth);
        } else {
            milestone = now - lastMilestone >= UNKNOWN_TOTAL_MILESTONE_NANOS;
        }
        if (milestone) {
            lastMilestone = now;
        }
        output.progress(new ProgressReport(phase, done, total, rate, eta, milestone));
    }
}
