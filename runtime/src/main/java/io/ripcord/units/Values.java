package io.ripcord.units;

import java.time.Duration;

/** How any value prints in plans and reports: durations and sizes as a runbook author writes them. */
public final class Values {

    private Values() {
    }

    public static String format(Object value) {
        if (value instanceof Duration d) {
            return Durations.format(d);
        }
        if (value instanceof TimeSpan t) {
            return t.toString();
        }
        return String.valueOf(value);
    }

    /** The value as it goes into JSON: strings for durations and sizes, numbers and booleans as they are. */
    public static Object json(Object value) {
        return value instanceof Duration || value instanceof TimeSpan || value instanceof ByteSize ? format(value) : value;
    }
}
