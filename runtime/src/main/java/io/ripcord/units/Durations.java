package io.ripcord.units;

import java.time.Duration;

/** Prints a {@link Duration} the way a runbook author wrote it: "30s", "10m", "1h30m", "250ms". */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.toSeconds() == 0 || d.toMillisPart() != 0 && d.toMinutes() == 0) {
            long millis = d.toMillis();
            return millis % 1000 == 0 || millis < 1000 ? millis + "ms" : String.format("%.1fs", millis / 1000.0);
        }
        StringBuilder out = new StringBuilder();
        append(out, d.toDays(), "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
