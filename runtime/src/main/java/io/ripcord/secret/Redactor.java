package io.ripcord.secret;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knows every secret value resolved in this process and replaces it, wherever it appears, with
 * {@code ${secret:NAME}}. It is applied at the boundaries, not by each caller: the journal's writes, the console's
 * writers, reports and webhook bodies. A value is masked in the forms it takes once encoded ({@link SecretForms}: raw,
 * JSON-escaped, URL-encoded, base64), since redacting after an encoder ran must still find it. Values shorter than 4
 * characters are refused when resolved, since masking them would garble text.
 */
public final class Redactor implements UnaryOperator<String> {

    /** What a mask leaves: redacting again must not mask inside it (a secret 'secret' would nest placeholders). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:[^}\\s]*}");

    private final Map<String, String> namesByValue = new LinkedHashMap<>();
    /** Every form of every value with its placeholder, longest first, so a secret that contains another is masked whole. */
    private volatile List<Map.Entry<String, String>> masks = List.of();

    public synchronized void register(String name, String value) {
        namesByValue.put(value, name);
        List<Map.Entry<String, String>> all = new ArrayList<>();
        namesByValue.forEach((v, n) -> SecretForms.of(v).forEach(form -> all.add(Map.entry(form, "${secret:" + n + "}"))));
        all.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        masks = List.copyOf(all);
    }

    /** The resolved values by name, for a verb that must keep them out of a command line (sh). */
    public synchronized Map<String, String> valuesByName() {
        Map<String, String> out = new LinkedHashMap<>();
        namesByValue.forEach((value, name) -> out.put(name, value));
        return out;
    }

    @Override
    public String apply(String text) {
        return redact(text);
    }

    /** Redacts every string in plain data (maps, lists, strings, numbers): before JSON encoding escapes them. */
    public Object redactTree(Object data) {
        if (data instanceof String text) {
            return redact(text);
        }
        if (data instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(redactTree(k), redactTree(v)));
            return out;
        }
        if (data instanceof Collection<?> items) {
            return items.stream().map(this::redactTree).toList();
        }
        return data;
    }

    public String redact(String text) {
        List<Map.Entry<String, String>> current = masks;
        if (text == null || current.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        Matcher placeholder = PLACEHOLDER.matcher(text);
        int from = 0;
        while (placeholder.find()) {
            out.append(mask(text.substring(from, placeholder.start()), current)).append(placeholder.group());
            from = placeholder.end();
        }
        return out.append(mask(text.substring(from), current)).toString();
    }

    private static String mask(String text, List<Map.Entry<String, String>> masks) {
        String out = text;
        for (Map.Entry<String, String> m : masks) {
            out = out.replace(m.getKey(), m.getValue());
        }
        return out;
    }
}
