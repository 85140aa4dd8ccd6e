package io.ripcord.secret;

import groovy.json.JsonOutput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The spellings a secret takes once something encodes it: as is; inside a JSON string (Groovy's escaping, which writes
 * non-ASCII as {@code \u00e9}, and the minimal escaping other encoders use); URL-encoded (spaces as {@code +} and as
 * {@code %20}); base64 (standard and URL-safe, padded or not), also where the value sits inside a longer encoded
 * text such as {@code Basic base64(user:password)}: at each of the three byte alignments, the characters that only
 * the value's bytes determine.
 */
final class SecretForms {

    /** Shorter encoded fragments would mask innocent text (a 4-character base64 run is common). */
    private static final int MIN_ENCODED = 6;

    private SecretForms() {
    }

    static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        String json = JsonOutput.toJson(value);
        encoded(forms, json.substring(1, json.length() - 1));
        encoded(forms, minimalJson(value));
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        encoded(forms, url);
        encoded(forms, url.replace("+", "%20"));
        encoded(forms, url.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")); // RFC 3986 (curl, jq @uri)
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            encoded(forms, encoder.encodeToString(bytes));
            for (int offset = 0; offset < 3; offset++) {
                encoded(forms, aligned(encoder, bytes, offset));
            }
        }
        return forms;
    }

    private static void encoded(Set<String> forms, String form) {
        if (form.length() >= MIN_ENCODED) {
            forms.add(form);
        }
    }

    /**
     * The base64 characters of {@code value} preceded by {@code offset} other bytes: character i holds bits 6i..6i+5 of
     * the whole, so those with 6i >= 8*offset and 6i+6 <= 8*(offset+n) depend on the value alone.
     */
    private static String aligned(Base64.Encoder encoder, byte[] value, int offset) {
        byte[] shifted = new byte[offset + value.length];
        System.arraycopy(value, 0, shifted, offset, value.length);
        String all = encoder.withoutPadding().encodeToString(shifted);
        int first = (8 * offset + 5) / 6;
        int end = 8 * (offset + value.length) / 6;
        return end > first ? all.substring(first, Math.min(end, all.length())) : "";
    }

    private static String minimalJson(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
