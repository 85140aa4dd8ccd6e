package io.ripcord.secret;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Knows every secret value resolved in this process and replaces it, wherever it appears, with
 * {@code ${secret:NAME}}: console output, the journal (arguments, results, errors), reports and problems all pass
 * through here. Values shorter than 4 characters are refused when resolved, since masking them would garble text.
 */
public final class Redactor {

    private final Map<String, String> namesByValue = new LinkedHashMap<>();

    public synchronized void register(String name, String value) {
        namesByValue.put(value, name);
    }

    /** Redacts every string in plain data (maps, lists, strings, numbers): before JSON encoding escapes them. */
    public Object redactTree(Object data) {
        if (data instanceof String text) {
            return redact(text);
        }
        if (data instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(redactTree(k), redactTree(v)));
            return out;
        }
        if (data instanceof java.util.Collection<?> items) {
            return items.stream().map(this::redactTree).toList();
        }
        return data;
    }

    public synchronized String redact(String text) {
        if (text == null || namesByValue.isEmpty()) {
            return text;
        }
        String out = text;
        // longest first, so a secret that contains another is masked whole
        for (String value : namesByValue.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(value, "${secret:" + namesByValue.get(value) + "}");
        }
        return out;
    }
}
