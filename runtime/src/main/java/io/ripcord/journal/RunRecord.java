package io.ripcord.journal;

import io.ripcord.exec.RunState;

import java.time.Instant;
import java.util.Map;

/**
 * A run as the journal holds it. {@code params} never hold secret values, only references; {@code errorCode} is the
 * ProblemCode that ended it (null when none did, or in a run finished before the journal kept codes).
 */
public record RunRecord(String id, String kind, String runbook, String version, String file, String sha256,
                        Map<String, String> stepHashes, Map<String, Object> params, Operator operator, RunState state,
                        Instant startedAt, Instant updatedAt, Instant finishedAt, String error, String errorCode) {

    public String runbookId() {
        return runbook + "@" + version;
    }
}
