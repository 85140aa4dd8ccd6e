package io.ripcord.model;

import io.ripcord.params.ParamSpec;

import java.util.List;

/**
 * A loaded and validated runbook: everything known before a step runs. {@code evaluation} evaluates the same
 * compiled file again with parameter values (null when there is no file behind it); {@code paramValues} are the
 * values this one was evaluated with, null when code outside the steps read {@code params} as placeholders
 * ({@code check}), empty when it read none. {@code onFailure} is the runbook's {@code onFailure { … }} block (null
 * when it has none): what runs after a run failed or rolled back, to tell someone.
 */
public record RunbookDefinition(RunbookSource source, String name, String version, String description,
                                List<ParamSpec> params, List<StepDefinition> steps, String lock,
                                List<RollbackDefinition> rollbacks, Evaluation evaluation,
                                java.util.Map<String, Object> paramValues, StepDefinition onFailure) {

    /** The journal's name for the {@code onFailure { … }} block's step; no runbook step may have it. */
    public static final String ON_FAILURE = "onFailure";

    /** Evaluates the runbook's file anew: a fresh runbook block, fresh variables, steps that share nothing. */
    @FunctionalInterface
    public interface Evaluation {
        RunbookDefinition evaluate(java.util.Map<String, Object> paramValues);
    }

    public RunbookDefinition {
        params = List.copyOf(params);
        steps = List.copyOf(steps);
        rollbacks = List.copyOf(rollbacks);
    }

    public RunbookDefinition(RunbookSource source, String name, String version, String description,
                             List<ParamSpec> params, List<StepDefinition> steps, String lock, List<RollbackDefinition> rollbacks) {
        this(source, name, version, description, params, steps, lock, rollbacks, null, java.util.Map.of(), null);
    }

    public RunbookDefinition(RunbookSource source, String name, String version, String description,
                             List<ParamSpec> params, List<StepDefinition> steps, String lock) {
        this(source, name, version, description, params, steps, lock, List.of());
    }

    /**
     * This runbook with {@code values} for the parameters code outside its steps reads ({@code def db = sqlite
     * params.db}): evaluated again when it read them as placeholders, itself when it read none or these values.
     */
    public RunbookDefinition withParams(java.util.Map<String, Object> values) {
        if (evaluation == null || paramValues != null && (paramValues.isEmpty() || paramValues.equals(values))) {
            return this;
        }
        return evaluation.evaluate(values);
    }

    /**
     * A new evaluation of the file with {@code values}: what a plan works on, so nothing its pass writes (a variable
     * a step sets) is seen by the run, which works on another.
     */
    public RunbookDefinition evaluatedAgain(java.util.Map<String, Object> values) {
        return evaluation == null ? this : evaluation.evaluate(values);
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
