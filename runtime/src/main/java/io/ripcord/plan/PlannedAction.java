package io.ripcord.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one verb call would do: a kind, a one-line summary and ordered details (each a short text). The planner
 * adds which verb, which line and the call's arguments as the journal will record them ({@code args}: plain data,
 * null when some argument is known only when the run gets there), so a plan can be held against the run it planned.
 */
public record PlannedAction(ActionKind kind, String summary, Map<String, String> details, String verb, int line, Object args) {

    public PlannedAction {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static PlannedAction of(ActionKind kind, String summary) {
        return new PlannedAction(kind, summary, Map.of(), null, 0, null);
    }

    public PlannedAction detail(String key, Object value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, String.valueOf(value));
        return new PlannedAction(kind, summary, more, verb, line, args);
    }

    PlannedAction at(String verbName, int sourceLine, Object callArgs) {
        return new PlannedAction(kind, summary, details, verbName, sourceLine, callArgs);
    }
}
