package io.ripcord.verb;

import io.ripcord.problem.SourceLocation;
import io.ripcord.units.ByteSize;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One call of a verb with its arguments bound and type-checked against the verb's spec. The typed getters return
 * the given value or the caller's default.
 */
public record VerbCall(String verb, Map<String, Object> args, String step, SourceLocation location) {

    public VerbCall {
        args = Collections.unmodifiableMap(args);
    }

    public boolean has(String name) {
        return args.get(name) != null;
    }

    public String string(String name, String fallback) {
        Object v = args.get(name);
        return v == null ? fallback : v.toString();
    }

    public Duration duration(String name, Duration fallback) {
        Object v = args.get(name);
        return v == null ? fallback : (Duration) v;
    }

    public ByteSize size(String name, ByteSize fallback) {
        Object v = args.get(name);
        return v == null ? fallback : (ByteSize) v;
    }

    public long integer(String name, long fallback) {
        Object v = args.get(name);
        return v == null ? fallback : ((Number) v).longValue();
    }

    public boolean flag(String name, boolean fallback) {
        Object v = args.get(name);
        return v == null ? fallback : (Boolean) v;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object v = args.get(name);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public List<String> words(String name) {
        Object v = args.get(name);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    public Object value(String name) {
        return args.get(name);
    }
}
