package io.ripcord.units;

import java.math.BigDecimal;

/** {@code 90.percent}: a share of a whole, 0 to 100. */
public record Percent(BigDecimal value) implements Comparable<Percent> {

    public Percent {
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("a percentage is between 0 and 100, got " + value.stripTrailingZeros().toPlainString());
        }
    }

    public static Percent of(Number n) {
        return new Percent(new BigDecimal(n.toString()));
    }

    /** The fraction of 1 this is: 90% is 0.9. */
    public double fraction() {
        return value.doubleValue() / 100.0;
    }

    @Override
    public int compareTo(Percent other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.stripTrailingZeros().toPlainString() + "%";
    }
}
