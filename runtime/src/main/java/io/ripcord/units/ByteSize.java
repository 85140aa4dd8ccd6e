package io.ripcord.units;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A number of bytes. Units are binary (1 KB = 1024 bytes), as {@code du}, {@code ls -h} and most ops tools print
 * them; the README says so.
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    public static ByteSize of(Number amount, int unitPower) {
        BigDecimal value = new BigDecimal(amount.toString()).multiply(BigDecimal.valueOf(1024L).pow(unitPower));
        return new ByteSize(value.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** "512 B", "1 KB", "1.5 GB": at most one decimal, trailing ".0" dropped. */
    @Override
    public String toString() {
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal k = BigDecimal.valueOf(1024);
        while (unit < UNITS.length - 1 && value.compareTo(k) >= 0) {
            value = value.divide(k, 6, RoundingMode.HALF_UP);
            unit++;
        }
        return value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " " + UNITS[unit];
    }
}
