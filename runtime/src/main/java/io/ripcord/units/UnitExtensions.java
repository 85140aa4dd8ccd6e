package io.ripcord.units;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Groovy extension methods, registered in META-INF/groovy: {@code 250.milliseconds}, {@code 30.seconds},
 * {@code 10.minutes}, {@code 2.hours}, {@code 30.days}, {@code 1.KB}, {@code 2.GB}. Fractions work
 * ({@code 1.5.hours}); both singular and plural read ({@code 1.second}).
 */
public final class UnitExtensions {

    private UnitExtensions() {
    }

    public static TimeSpan getMilliseconds(Number n) { return duration(n, 1); }
    public static TimeSpan getMillisecond(Number n) { return duration(n, 1); }
    public static TimeSpan getSeconds(Number n) { return duration(n, 1_000); }
    public static TimeSpan getSecond(Number n) { return duration(n, 1_000); }
    public static TimeSpan getMinutes(Number n) { return duration(n, 60_000); }
    public static TimeSpan getMinute(Number n) { return duration(n, 60_000); }
    public static TimeSpan getHours(Number n) { return duration(n, 3_600_000); }
    public static TimeSpan getHour(Number n) { return duration(n, 3_600_000); }
    public static TimeSpan getDays(Number n) { return duration(n, 86_400_000); }
    public static TimeSpan getDay(Number n) { return duration(n, 86_400_000); }
    public static TimeSpan getWeeks(Number n) { return duration(n, 7L * 86_400_000); }
    public static TimeSpan getWeek(Number n) { return duration(n, 7L * 86_400_000); }

    public static ByteSize getBytes(Number n) { return ByteSize.of(n, 0); }
    public static ByteSize getKB(Number n) { return ByteSize.of(n, 1); }
    public static ByteSize getMB(Number n) { return ByteSize.of(n, 2); }
    public static ByteSize getGB(Number n) { return ByteSize.of(n, 3); }
    public static ByteSize getTB(Number n) { return ByteSize.of(n, 4); }

    public static Percent getPercent(Number n) { return Percent.of(n); }

    /** {@code 3 * 10.seconds}; the other order is {@link TimeSpan#multiply}. */
    public static TimeSpan multiply(Number factor, TimeSpan span) {
        return span.multiply(factor);
    }

    private static TimeSpan duration(Number n, long millisPerUnit) {
        BigDecimal millis = new BigDecimal(n.toString()).multiply(BigDecimal.valueOf(millisPerUnit));
        return TimeSpan.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
}
