package io.ripcord.verb;

import groovy.lang.Closure;
import io.ripcord.units.Values;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns verb arguments and results into plain data (maps, lists, strings, numbers, booleans) for the journal's JSON:
 * records become maps of their components, durations and sizes their written form, anything else its string.
 */
public final class ResultData {

    private ResultData() {
    }

    public static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof CharSequence text) {
            return Text.of(text);
        }
        if (value instanceof JournalValue journaled) {
            return of(journaled.journalValue());
        }
        if (value instanceof Map<?, ?> map) {
            // a map with no order of its own (Map.of iterates in an order salted per JVM) gets its keys sorted, so the
            // same value journals as the same JSON in every process: a resume compares arguments by that JSON's hash
            boolean ordered = map instanceof LinkedHashMap<?, ?> || map instanceof SortedMap<?, ?>;
            Map<String, Object> out = ordered ? new LinkedHashMap<>() : new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(v -> out.add(of(v)));
            return out;
        }
        if (value instanceof Closure<?>) {
            return "<closure>";
        }
        if (value instanceof Record record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                try {
                    out.put(c.getName(), of(c.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("reading " + c.getName() + " of " + record.getClass().getName(), e);
                }
            }
            return out;
        }
        return Values.format(value);
    }
}
