package io.ripcord.plan;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.RunbookSource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dry run of one runbook with one set of parameters. {@link #hash()} covers the file's content hash, the
 * parameters and every planned action (rollbacks included), so a plan that was reviewed can be compared with what would run now.
 */
public record Plan(RunbookDefinition runbook, Map<String, Object> params, List<PlannedStep> steps, List<PlannedStep> rollbacks) {

    public Plan {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        steps = List.copyOf(steps);
        rollbacks = List.copyOf(rollbacks);
    }

    public Plan(RunbookDefinition runbook, Map<String, Object> params, List<PlannedStep> steps) {
        this(runbook, params, steps, List.of());
    }

    public String hash() {
        return RunbookSource.sha256(PlanJson.hashedContent(this));
    }

    public int actionCount() {
        return steps.stream().mapToInt(s -> s.actions().size()).sum();
    }
}
