package io.ripcord.params;

import io.ripcord.units.ByteSize;
import io.ripcord.verb.Text;
import io.ripcord.units.Durations;
import io.ripcord.units.TimeSpan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The types a parameter may declare with {@code type:}, and how a text value from the command line converts. */
public enum ParamType {
    STRING(String.class, "String", "text"),
    INTEGER(Integer.class, "Integer", "a whole number"),
    LONG(Long.class, "Long", "a whole number"),
    BOOLEAN(Boolean.class, "Boolean", "true or false"),
    DURATION(TimeSpan.class, "Duration", "a duration like 30s, 10m, 1m30s, 2h, 1d"),
    SIZE(ByteSize.class, "ByteSize", "a size like 512B, 1KB, 2GB");

    private static final Pattern SIZE_TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> POWERS = Map.of("B", 0, "KB", 1, "MB", 2, "GB", 3, "TB", 4);

    public final Class<?> javaType;
    private final String displayName;
    public final String expected;

    ParamType(Class<?> javaType, String displayName, String expected) {
        this.javaType = javaType;
        this.displayName = displayName;
        this.expected = expected;
    }

    /** The type a {@code type: Integer} declaration names, or null when it is not one of these. */
    public static ParamType forClass(Class<?> type) {
        if (type == int.class) return INTEGER;
        if (type == long.class) return LONG;
        if (type == boolean.class) return BOOLEAN;
        if (type == Duration.class) return DURATION;
        for (ParamType t : values()) {
            if (t.javaType == type) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type a {@code type: 'duration'} declaration names: runbooks written from the docs quote the name as often as
     * they write the class, so any case of a display name is accepted. Null when it names none of these.
     */
    public static ParamType forName(String name) {
        for (ParamType t : values()) {
            if (t.displayName.equalsIgnoreCase(name.strip())) {
                return t;
            }
        }
        return null;
    }

    /** The name a runbook writes after {@code type:}. */
    public String displayName() {
        return displayName;
    }

    /** Converts a command-line text; throws IllegalArgumentException naming what was expected. */
    public Object fromText(String text) {
        String value = text.trim();
        try {
            return switch (this) {
                case STRING -> text;
                case INTEGER -> Integer.valueOf(value);
                case LONG -> Long.valueOf(value);
                case BOOLEAN -> parseBoolean(value);
                case DURATION -> parseDuration(value);
                case SIZE -> parseSize(value);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(expected + " that fits (this one is too large)");
        }
    }

    /** Checks a value given in the runbook itself (a default); Groovy numbers widen to the declared type. */
    public Object fromValue(Object value) {
        if (value instanceof CharSequence text) {
            String given = Text.of(text);
            return this == STRING ? given : fromText(given);
        }
        if (javaType.isInstance(value)) {
            return value;
        }
        if (value instanceof Duration d && this == DURATION) {
            return new TimeSpan(d);
        }
        if (value instanceof Number n && (this == INTEGER || this == LONG) && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0) {
            return this == INTEGER ? (Object) n.intValue() : (Object) n.longValue();
        }
        throw new IllegalArgumentException(expected);
    }

    private static Boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(BOOLEAN.expected);
        };
    }

    private static TimeSpan parseDuration(String value) {
        return Durations.parse(value).map(d -> TimeSpan.ofMillis(d.toMillis()))
                .orElseThrow(() -> new IllegalArgumentException(DURATION.expected));
    }

    private static ByteSize parseSize(String value) {
        Matcher m = SIZE_TEXT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(SIZE.expected);
        }
        return ByteSize.of(new BigDecimal(m.group(1)), POWERS.get(m.group(2).toUpperCase(Locale.ROOT)));
    }
}
