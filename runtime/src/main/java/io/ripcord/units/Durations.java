package io.ripcord.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a {@link Duration} the way a runbook author wrote it ("30s", "10m", "1h30m", "250ms", "1.5s") and reads
 * back every form it prints, so a value copied from Ripcord's output is a valid {@code -p name=VALUE}.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?\\s*(?:ms|s|m|h|d)\\s*)+");
    private static final Map<String, Long> MILLIS = Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L, "d", 86_400_000L);

    private Durations() {
    }

    /**
     * "30s", "1m30s", "1d2h", "250ms", "1.5s" (parts add up); empty when the text is not a duration. Throws
     * ArithmeticException for one too large to hold, so the caller can say that rather than "not a duration".
     */
    public static Optional<Duration> parse(String text) {
        String value = text.strip();
        if (!WHOLE.matcher(value).matches()) {
            return Optional.empty();
        }
        BigDecimal millis = BigDecimal.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            millis = millis.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(MILLIS.get(part.group(2)))));
        }
        return Optional.of(Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact()));
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
