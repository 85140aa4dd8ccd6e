package io.ripcord.stdlib.backup;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import groovy.lang.Closure;
import io.ripcord.units.ByteSize;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks a verify ran, as the catalog records them, so a restore applies them again: integrity, quick,
 * minSize, query and what its value had to be. A closure's {@code expect:} cannot be stored; the value it accepted
 * is, and a restore requires the query to give that value again (the content is the same, byte for byte).
 */
final class RecordedChecks {

    private RecordedChecks() {
    }

    static String json(Verifier.Options options, Object queryValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("integrity", options.integrity());
        m.put("quick", options.quick());
        m.put("minSize", options.minSize() == null ? null : options.minSize().bytes());
        m.put("query", options.query());
        if (options.query() != null) {
            m.put("expect", options.expect() instanceof Closure<?> ? String.valueOf(queryValue)
                    : options.expect() == null ? null : String.valueOf(options.expect()));
        }
        return JsonOutput.toJson(m);
    }

    /** The options a restore verifies with: those recorded, or a full verification when none were. */
    static Verifier.Options options(String json) {
        if (json == null) {
            return Verifier.Options.FULL;
        }
        Map<?, ?> m = (Map<?, ?>) new JsonSlurper().parseText(json);
        return new Verifier.Options(!Boolean.FALSE.equals(m.get("integrity")), Boolean.TRUE.equals(m.get("quick")),
                m.get("minSize") instanceof Number n ? new ByteSize(n.longValue()) : null,
                (String) m.get("query"), m.get("expect"), false);
    }

    /**
     * For the output: "integrity_check, minSize 1 KB, query ... = 20"; integrity in the terms of the backup's kind. A
     * server's restore re-checks size, SHA-256 and a full read only, and says so of the query.
     */
    static String describe(Verifier.Options o, BackupTarget source) {
        String integrity = !(source instanceof BackupTarget.Sqlite) ? "size, SHA-256 and a full read"
                : o.integrity() ? (o.quick() ? "quick_check" : "integrity_check") : "no integrity check";
        StringBuilder out = new StringBuilder(integrity);
        if (o.minSize() != null) {
            out.append(", minSize ").append(o.minSize());
        }
        if (o.query() != null) {
            String value = o.expect() == null ? " non-null" : " = " + o.expect();
            // a server's restore does not restore twice: its query ran on a test restore of these same bytes
            out.append(source instanceof ServerTarget ? "; its query " + o.query() + value
                    + " passed at verify on these same bytes (not repeated: it needs a test restore)" : ", query " + o.query() + value);
        }
        return out.toString();
    }
}
