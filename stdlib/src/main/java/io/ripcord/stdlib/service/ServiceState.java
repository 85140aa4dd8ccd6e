package io.ripcord.stdlib.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a service looked like at one moment: whether it exists and runs, on which image (containers) or pid
 * (processes). Journaled before and after every change so a rollback knows what to put back.
 */
public record ServiceState(boolean exists, boolean running, String image, String imageId, String detail) {

    public static ServiceState missing() {
        return new ServiceState(false, false, null, null, "does not exist");
    }

    public Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exists", exists);
        m.put("running", running);
        m.put("image", image);
        m.put("imageId", imageId);
        m.put("detail", detail);
        return m;
    }

    public static ServiceState of(Object data) {
        if (!(data instanceof Map<?, ?> m)) {
            return null;
        }
        return new ServiceState(Boolean.TRUE.equals(m.get("exists")), Boolean.TRUE.equals(m.get("running")),
                (String) m.get("image"), (String) m.get("imageId"), (String) m.get("detail"));
    }

    /** "running on app:v1 (sha256:1a2b3c4d5e6f)", "stopped", "does not exist". */
    public String describe() {
        if (!exists) {
            return "does not exist";
        }
        return (running ? "running" : "stopped") + (image == null ? "" : " on " + image + (imageId == null ? "" : " (" + shortId(imageId) + ")"))
                + (detail == null || detail.isBlank() ? "" : ", " + detail);
    }

    public static String shortId(String id) {
        if (id == null) {
            return null;
        }
        String bare = id.startsWith("sha256:") ? id.substring(7) : id;
        return bare.length() > 12 ? bare.substring(0, 12) : bare;
    }
}
