package io.ripcord.stdlib.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of stopService/startService/restartService: the service before and after, whether anything changed
 * (stopping a stopped service changes nothing and succeeds), and what the change kept for a rollback (the replaced
 * container and its configuration).
 */
public record ServiceChange(String target, String action, ServiceState before, ServiceState after, boolean changed,
                            Map<String, Object> kept) {

    public Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("action", action);
        m.put("before", before.data());
        m.put("after", after.data());
        m.put("changed", changed);
        m.put("kept", kept);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static ServiceChange of(Object data) {
        Map<String, Object> m = (Map<String, Object>) data;
        return new ServiceChange((String) m.get("target"), (String) m.get("action"), ServiceState.of(m.get("before")),
                ServiceState.of(m.get("after")), Boolean.TRUE.equals(m.get("changed")), (Map<String, Object>) m.get("kept"));
    }

    public boolean getChanged() { return changed; }
    public ServiceState getBefore() { return before; }
    public ServiceState getAfter() { return after; }

    @Override
    public String toString() {
        return target + ": " + (changed ? before.describe() + " → " + after.describe() : "already " + after.describe());
    }
}
