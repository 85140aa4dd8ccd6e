package io.ripcord.model;

import io.ripcord.params.ParamSpec;

import java.util.List;

/** A loaded and validated runbook: everything known before a step runs. */
public record RunbookDefinition(RunbookSource source, String name, String version, String description,
                                List<ParamSpec> params, List<StepDefinition> steps, String lock,
                                List<RollbackDefinition> rollbacks) {

    public RunbookDefinition {
        params = List.copyOf(params);
        steps = List.copyOf(steps);
        rollbacks = List.copyOf(rollbacks);
    }

    public RunbookDefinition(RunbookSource source, String name, String version, String description,
                             List<ParamSpec> params, List<StepDefinition> steps, String lock) {
        this(source, name, version, description, params, steps, lock, List.of());
    }

    /** name@version, how runs and messages refer to a runbook. */
    public String id() {
        return name + "@" + version;
    }

    /** Each step's content hash, by name, in order. */
    public java.util.Map<String, String> stepHashes() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        steps.forEach(s -> out.put(s.name(), s.sha256()));
        return out;
    }
}
