package io.ripcord.units;

import java.time.Duration;

/**
 * What {@code 30.seconds} gives a runbook: a duration that prints the way it was written ("30s", not
 * {@code java.time.Duration}'s "PT30S"), compares, and adds up ({@code 1.minutes + 30.seconds}, {@code 2 * 5.seconds}
 * via {@link #multiply}). Verbs receive it as a {@link Duration}.
 */
public record TimeSpan(Duration duration) implements Comparable<TimeSpan> {

    public TimeSpan {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration cannot be negative: " + Durations.format(duration));
        }
    }

    public static TimeSpan ofMillis(long millis) {
        return new TimeSpan(Duration.ofMillis(millis));
    }

    public long toMillis() {
        return duration.toMillis();
    }

    public long toSeconds() {
        return duration.toSeconds();
    }

    public TimeSpan plus(TimeSpan other) {
        return new TimeSpan(duration.plus(other.duration));
    }

    public TimeSpan minus(TimeSpan other) {
        return new TimeSpan(duration.minus(other.duration));
    }

    public TimeSpan multiply(Number factor) {
        return ofMillis(Math.round(duration.toMillis() * factor.doubleValue()));
    }

    @Override
    public int compareTo(TimeSpan other) {
        return duration.compareTo(other.duration);
    }

    @Override
    public String toString() {
        return Durations.format(duration);
    }
}
