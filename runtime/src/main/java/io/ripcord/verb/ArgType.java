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
    /** {@code 90.percent}, or a plain number of percent ({@code 90}), 0 to 100: read as a {@link io.ripcord.units.Percent}. */
    PERCENT("a percentage", "90.percent"),
    /** A command: a string (run by /bin/sh -c) or a list of words (run as is). */
    COMMAND("a command string or list", "'pg_isready -q'"),
    CLOSURE("a closure", "{ ... }"),
    /**
     * Where backups are: a directory or repository URL, a repository value ({@code s3(...)}), or a list of them. A
     * constant one is parsed by {@code check} ({@link io.ripcord.repository.RepositoryUrl}), so a bad URL never runs.
     */
    PLACE("a directory or repository URL", "'/var/backups/app' or 's3://bucket/app'"),
    /**
     * An age recipient ({@code age1…}, an X25519 public key) or a list of them. {@code check} refuses what is plainly
     * not one (an identity pasted by mistake, an SSH key, a wrong length or letter) without quoting a secret; the
     * checksum is checked by the verb's plan. What goes out of the machine encrypted to a typo is lost.
     */
    RECIPIENT("an age recipient (age1…, as age-keygen prints it) or a list of them", "'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'"),
    ANY("any value", "value");

    private static final java.util.regex.Pattern AGE_RECIPIENT = java.util.regex.Pattern.compile("age1[02-9ac-hj-np-z]{58}");

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
            case PERCENT -> v instanceof io.ripcord.units.Percent || v instanceof Number;
            case COMMAND -> v instanceof String || v instanceof List;
            case CLOSURE -> v instanceof Closure;
            case PLACE -> v != null && !(v instanceof Number) && !(v instanceof Boolean) && !(v instanceof Closure) && !(v instanceof Map);
            case RECIPIENT -> v instanceof String || v instanceof List;
            case ANY -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("expects " + expected + " like " + example + ", got " + describe(v));
        }
        if (this == RECIPIENT) {
            for (Object each : v instanceof List<?> many ? many : List.of(v)) {
                recipient(String.valueOf(Text.plain(each)).strip());
            }
        }
        if (v instanceof TimeSpan span) {
            return span.duration(); // verbs work with java.time
        }
        if (this == INTEGER) {
            return ((Number) v).longValue();
        }
        if (this == PERCENT && v instanceof Number n) {
            try {
                return io.ripcord.units.Percent.of(n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expects " + expected + " from 0 to 100 like " + example + " or 10, got " + describe(v));
            }
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

    /** The shape of one age recipient; the messages name what was given without quoting it when it may be a secret. */
    private static void recipient(String text) {
        if (text.startsWith("AGE-SECRET-KEY-")) {
            throw new IllegalArgumentException("is an age identity (a secret key), not a recipient: encrypt to its public key"
                    + " (age-keygen -y key.txt prints it) and keep the identity secret");
        }
        if (text.startsWith("ssh-") || text.startsWith("ecdsa-")) {
            throw new IllegalArgumentException("is an SSH key: SSH recipients are not supported; use an age X25519 recipient"
                    + " (age1…, from age-keygen)");
        }
        if (!AGE_RECIPIENT.matcher(text).matches()) {
            throw new IllegalArgumentException("is not an age X25519 recipient: '" + (text.length() > 12 ? text.substring(0, 12) + "…" : text)
                    + "' (" + text.length() + " characters; expected age1 and 58 more, as age-keygen prints after 'public key:')");
        }
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
