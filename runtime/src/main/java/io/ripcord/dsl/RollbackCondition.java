package io.ripcord.dsl;

import io.ripcord.params.Params;

import java.util.Set;

/**
 * The delegate of a {@code rollbackIf { … }} condition, evaluated when a step fails: {@code failed 'health'} is true
 * when that step is the one that failed, {@code failed()} always is; {@code failedStep} names it; {@code params} as
 * in steps.
 */
public final class RollbackCondition {

    /** Names the condition may use, for the static checker. */
    public static final Set<String> WORDS = Set.of("failed", "failedStep", "params");

    private final String failedStep;
    private final Params params;

    public RollbackCondition(String failedStep, Params params) {
        this.failedStep = failedStep;
        this.params = params;
    }

    public boolean failed(String step) {
        return step.equals(failedStep);
    }

    public boolean failed() {
        return failedStep != null;
    }

    public String getFailedStep() {
        return failedStep;
    }

    public Params getParams() {
        return params;
    }

    /** Evaluates {@code condition} with this delegate; Groovy truth decides. */
    public boolean holds(groovy.lang.Closure<?> condition) {
        groovy.lang.Closure<?> bound = (groovy.lang.Closure<?>) condition.clone();
        bound.setResolveStrategy(groovy.lang.Closure.DELEGATE_FIRST);
        bound.setDelegate(this);
        return org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation.castToBoolean(bound.call());
    }
}
