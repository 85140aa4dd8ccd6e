package io.ripcord.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one verb call would do: a kind, a one-line summary and ordered details (each a short text). The planner
 * adds which verb and which line.
 */
public record PlannedAction(ActionKind kind, String summary, Map<String, String> details, String verb, int line) {

    public PlannedAction {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static PlannedAction of(ActionKind kind, String summary) {
        return new PlannedAction(kind, summary, Map.of(), null, 0);
    }

    public PlannedAction detail(String key, Object value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, String.valueOf(value));
        return new PlannedAction(kind, summary, more, verb, line);
    }

    PlannedAction at(String verbName, int sourceLine) {
        return new PlannedAction(kind, summary, details, verbName, sourceLine);
    }
}
