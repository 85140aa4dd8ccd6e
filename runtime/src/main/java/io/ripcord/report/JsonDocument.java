package io.ripcord.report;

import groovy.json.JsonOutput;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON documents commands print for tools ({@code --json}): each starts with {@code format}, the one schema
 * version field ({@code ripcord-run/1}, ...; the number changes only when a field changes meaning or goes away), keys
 * in a fixed order, moments as ISO-8601 UTC text, sizes in bytes and durations in milliseconds as numbers.
 */
public final class JsonDocument {

    public static final String RUN = "ripcord-run/1";
    public static final String RUNS = "ripcord-runs/1";
    public static final String RUNBOOKS = "ripcord-runbooks/1";
    public static final String CHECK = "ripcord-check/1";
    public static final String BACKUPS = "ripcord-backups/1";
    public static final String BACKUP_CHECK = "ripcord-backup-check/1";

    /** prettyPrint renders an empty list or map over three lines ("[", a blank line, "]"); JSON strings hold no raw newline. */
    private static final Pattern EMPTY_LIST = Pattern.compile("\\[\\n\\s*\\n\\s*]");
    private static final Pattern EMPTY_MAP = Pattern.compile("\\{\\n\\s*\\n\\s*}");

    private JsonDocument() {
    }

    /** A document's root, {@code format} first. */
    public static Map<String, Object> of(String format) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", format);
        return root;
    }

    /** Indented, one value a line, ending in a newline. */
    public static String render(Object data) {
        String pretty = EMPTY_LIST.matcher(JsonOutput.prettyPrint(JsonOutput.toJson(data))).replaceAll("[]");
        return EMPTY_MAP.matcher(pretty).replaceAll("{}") + "\n";
    }

    public static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
