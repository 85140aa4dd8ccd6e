package io.ripcord.verb;

import io.ripcord.units.ByteSize;
import io.ripcord.units.Durations;

import java.time.Duration;

/**
 * How far a long piece of work is: its phase ("compressed", "archived", "safety copy"), bytes done of a total (0 when
 * not known), the rate so far and the time left at that rate (null when unknown). {@code milestone}: a report worth a
 * line of its own where no live bar can be drawn (each tenth of the work; every 10 s when the total is unknown).
 */
public record ProgressReport(String phase, long done, long total, long bytesPerSecond, Duration eta, boolean milestone) {

    /** Whole percent done, 0..100; -1 when the total is unknown. */
    public int percent() {
        return total <= 0 ? -1 : (int) Math.min(100, done * 100 / total);
    }

    /** "compressed 512 MB of 1.1 GB (48%), 85 MB/s, 7s left". */
    public String line() {
        StringBuilder out = new StringBuilder(phase).append(' ').append(new ByteSize(done));
        if (total > 0) {
            out.append(" of ").append(new ByteSize(total)).append(" (").append(percent()).append("%)");
        }
        out.append(", ").append(new ByteSize(bytesPerSecond)).append("/s");
        if (eta != null) {
            out.append(", ").append(Durations.format(eta)).append(" left");
        }
        return out.toString();
    }
}
