package io.ripcord.verb;

import groovy.lang.Closure;
import groovy.lang.GString;
import io.ripcord.units.ByteSize;
import io.ripcord.units.TimeSpan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The types a verb argument can declare; each checks (and, where harmless, converts) a value from a runbook. */
public enum ArgType {
    STRING("text", "'text'"),
    INTEGER("a whole number", "3"),
    BOOLEAN("true or false", "true"),
    DURATION("a duration", "30.seconds"),
    SIZE("a size", "1.KB"),
    MAP("a map", "[KEY: 'value']"),
    PERCENT("a percentage", "90.percent"),
    /** A command: a string (run by /bin/sh -c) or a list of words (run as is). */
    COMMAND("a command string or list", "'pg_isready -q'"),
    CLOSURE("a closure", "{ ... }"),
    /**
     * Where backups are: a directory or repository URL, a repository value ({@code s3(...)}), or a list of them. A
     * constant one is parsed by {@code check} ({@link io.ripcord.repository.RepositoryUrl}), so a bad URL never runs.
     */
    PLACE("a directory or repository URL", "'/var/backups/app' or 's3://bucket/app'"),
    ANY("any value", "value");

    public final String expected;
    public final String example;

    ArgType(String expected, String example) {
        this.expected = expected;
        this.example = example;
    }

    /** Returns the value in the type the verb reads, or throws IllegalArgumentException saying what was expected. */
    public Object check(Object value) {
        Object v = value instanceof CharSequence cs && !(value instanceof String) ? Text.of(cs) : value;
        boolean ok = switch (this) {
            case STRING -> v instanceof String;
            case INTEGER -> v instanceof Integer || v instanceof Long || v instanceof Short;
            case BOOLEAN -> v instanceof Boolean;
            case DURATION -> v instanceof Duration || v instanceof TimeSpan;
            case SIZE -> v instanceof ByteSize;
            case MAP -> v instanceof Map;
            case PERCENT -> v instanceof io.ripcord.units.Percent;
            case COMMAND -> v instanceof String || v instanceof List;
            case CLOSURE -> v instanceof Closure;
            case PLACE -> v != null && !(v instanceof Number) && !(v instanceof Boolean) && !(v instanceof Closure) && !(v instanceof Map);
            case ANY -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("expects " + expected + " like " + example + ", got " + describe(v));
        }
        if (v instanceof TimeSpan span) {
            return span.duration(); // verbs work with java.time
        }
        if (this == INTEGER) {
            return ((Number) v).longValue();
        }
        if (this == MAP && ((Map<?, ?>) v).entrySet().stream().anyMatch(e -> e.getKey() instanceof GString || e.getValue() instanceof GString)) {
            // [("${app}_HOST"): "db-${env}"]: verbs read plain text (a GString is not equal to the same String, is no
            // String key, and Groovy's own rendering of it is slow the first time; see Text)
            Map<Object, Object> plain = new java.util.LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> plain.put(Text.plain(k), Text.plain(x)));
            return plain;
        }
        if (this == COMMAND && v instanceof List<?> words) {
            return words.stream().map(w -> String.valueOf(Text.plain(w))).toList();
        }
        return v;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        if (shown.length() > 40) {
            // never cut a value: a cut secret would no longer match the redactor; say how long it is instead
            return "a value of " + shown.length() + " characters (" + value.getClass().getSimpleName() + ")";
        }
        return shown + " (" + value.getClass().getSimpleName() + ")";
    }
}
