package io.ripcord.model;

import io.ripcord.params.ParamSpec;

import java.util.List;

/** A loaded and validated runbook: everything known before a step runs. */
public record RunbookDefinition(RunbookSource source, String name, String version, String description,
                                List<ParamSpec> params, List<StepDefinition> steps) {

    public RunbookDefinition {
        params = List.copyOf(params);
        steps = List.copyOf(steps);
    }

    /** name@version, how runs and messages refer to a runbook. */
    public String id() {
        return name + "@" + version;
    }
}
