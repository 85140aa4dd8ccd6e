package io.ripcord.cli;

import io.ripcord.units.ByteSize;
import io.ripcord.units.Durations;
import io.ripcord.verb.ProgressReport;

/** A progress report as a terminal's live bar: {@code compressed [######····]  60%  640 MB of 1.1 GB  85 MB/s  7s left}. */
final class ProgressBar {

    private static final int WIDTH = 20;

    private ProgressBar() {
    }

    static String of(ProgressReport report) {
        StringBuilder out = new StringBuilder(report.phase()).append(' ');
        if (report.percent() >= 0) {
            int filled = report.percent() * WIDTH / 100;
            out.append('[').append("#".repeat(filled)).append("·".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%%", report.percent())).append("  ").append(new ByteSize(report.done()))
                    .append(" of ").append(new ByteSize(report.total()));
        } else {
            out.append(new ByteSize(report.done()));
        }
        out.append("  ").append(new ByteSize(report.bytesPerSecond())).append("/s");
        if (report.eta() != null) {
            out.append("  ").append(Durations.format(report.eta())).append(" left");
        }
        return out.toString();
    }
}
