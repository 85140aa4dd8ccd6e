package io.ripcord.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import io.ripcord.model.StepDefinition;
import io.ripcord.params.ParamSpec;
import io.ripcord.params.ParamType;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.problem.SourceLocation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delegate of {@code runbook 'name', version: '1.0.0', { … }}: records the description, parameters and steps.
 * It is sealed once the runbook is loaded, so a {@code step} written inside another step fails instead of quietly
 * adding a step at run time.
 */
public final class RunbookSpec {

    private final ScriptLocator locator;
    private String description;
    private String lock;
    private final Map<String, ParamSpec> declaredParams = new LinkedHashMap<>();
    private final java.util.function.Supplier<Object> paramValues;
    private final Map<String, StepDefinition> steps = new LinkedHashMap<>();
    private final List<io.ripcord.model.RollbackDefinition> rollbacks = new ArrayList<>();
    private StepDefinition onFailure;
    private boolean sealed;

    RunbookSpec(ScriptLocator locator, java.util.function.Supplier<Object> paramValues) {
        this.locator = locator;
        this.paramValues = paramValues;
    }

    /**
     * {@code def db = sqlite params.db} inside the runbook block: the values plan and run evaluate the file with
     * (placeholders while {@code check} loads it without values).
     */
    public Object getParams() {
        return paramValues.get();
    }

    /** One line saying what the runbook is for; shown by plan and list. */
    public void description(String text) {
        checkOpen("description");
        this.description = text;
    }

    /** {@code param 'image', required: true, description: 'the image to deploy'}. */
    public void param(Map<String, Object> options, String name) {
        checkOpen("param");
        SourceLocation where = locator.here();
        checkOptions("param '" + name + "'", options, io.ripcord.dsl.DslKeywords.PARAM_OPTIONS, where);
        if (declaredParams.containsKey(name)) {
            throw new RunbookException(Problem.of(ProblemCode.DUPLICATE_PARAMETER,
                    "parameter '" + name + "' is declared twice (first at line " + declaredParams.get(name).location().line() + ")", where)
                    .withNext("remove or rename one of them"));
        }
        declaredParams.put(name, ParamDeclaration.toSpec(name, options, where));
    }

    public void param(String name) {
        param(Map.of(), name);
    }

    /** {@code step 'back up', { … }}: the body runs when the step runs, not now. */
    public void step(String name, @DelegatesTo(value = StepScope.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        checkOpen("step");
        SourceLocation where = locator.here();
        if (name == null || name.isBlank()) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK, "a step needs a name", where)
                    .withNext("write step 'what it does', { ... }"));
        }
        if (io.ripcord.model.RunbookDefinition.ON_FAILURE.equals(name)) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK, "the step name 'onFailure' is reserved for the onFailure { } block's record", where)
                    .withNext("name the step for what it does, or write onFailure { ... } directly inside the runbook block"));
        }
        if (io.ripcord.model.RollbackDefinition.STEP.equals(name)) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK, "the step name 'rollback' is reserved for the rollback's own record", where)
                    .withNext("name the step for what it does ('roll back the image', 'restore the database'), or use rollbackIf { ... }"));
        }
        StepDefinition first = steps.get(name);
        if (first != null) {
            throw new RunbookException(Problem.of(ProblemCode.DUPLICATE_STEP,
                    "duplicate step name '" + name + "' (first defined at line " + first.location().line() + ")", where)
                    .withNext("step names identify checkpoints; give each step its own name"));
        }
        steps.put(name, new StepDefinition(name, body, where, null));
    }

    /**
     * {@code lock 'workload-app'}: only one run holding this lock at a time; a second fails at once naming the holder.
     */
    public void lock(String name) {
        checkOpen("lock");
        if (name == null || name.isBlank()) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK, "a lock needs a name", locator.here())
                    .withNext("write lock 'service-name'"));
        }
        this.lock = name;
    }

    /**
     * {@code rollbackIf { failed 'health' }}: when a step fails and the condition holds, roll back — with the body given
     * by {@code then { … }}, or else by running the completed steps' {@code undo} blocks, newest first. The first
     * rollback whose condition holds is the one that runs.
     */
    public RollbackClause rollbackIf(@DelegatesTo(value = RollbackCondition.class, strategy = Closure.DELEGATE_FIRST) Closure<?> condition) {
        checkOpen("rollbackIf");
        rollbacks.add(RollbackClause.declared(condition, locator.here()));
        return new RollbackClause(rollbacks, rollbacks.size() - 1);
    }

    /**
     * {@code onFailure { notify secret('OPS_HOOK'), format: 'slack', message: 'nightly backup failed' }}: runs once
     * when a run fails or rolls back (after the rollback), to tell someone. It does not change how the run ended.
     */
    public void onFailure(@DelegatesTo(value = StepScope.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        checkOpen("onFailure");
        SourceLocation where = locator.here();
        if (onFailure != null) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK,
                    "onFailure is declared twice (first at line " + onFailure.location().line() + ")", where)
                    .withNext("keep one onFailure { ... } block and put everything it should do in it"));
        }
        onFailure = new StepDefinition(io.ripcord.model.RunbookDefinition.ON_FAILURE, body, where, null);
    }

    StepDefinition onFailure() { return onFailure; }

    /**
     * {@code ladder(from: params.startLevel) { level 'redeploy', { … }; level 'revert', { … } }}: the levels a
     * {@code rollbackIf … then} climbs, cheapest first, each ended by a health gate. Read now, run only when it fires.
     */
    public io.ripcord.model.LadderDefinition ladder(Map<String, Object> options,
                                                    @DelegatesTo(value = LadderSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> levels) {
        checkOpen("ladder");
        SourceLocation where = locator.here();
        checkOptions("ladder", options, DslKeywords.LADDER_OPTIONS, where);
        LadderSpec spec = new LadderSpec(locator);
        Closure<?> bound = (Closure<?>) levels.clone();
        bound.setResolveStrategy(Closure.DELEGATE_FIRST);
        bound.setDelegate(spec);
        bound.call();
        return spec.build(options.get("from"), where);
    }

    public io.ripcord.model.LadderDefinition ladder(@DelegatesTo(value = LadderSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> levels) {
        return ladder(Map.of(), levels);
    }

    String lock() { return lock; }
    List<io.ripcord.model.RollbackDefinition> rollbacks() { return List.copyOf(rollbacks); }
    String description() { return description; }
    List<ParamSpec> params() { return new ArrayList<>(declaredParams.values()); }
    List<StepDefinition> steps() { return new ArrayList<>(steps.values()); }

    void seal() {
        sealed = true;
    }

    private void checkOpen(String keyword) {
        if (sealed) {
            throw new RunbookException(Problem.of(ProblemCode.MISPLACED_CALL,
                    "'" + keyword + "' belongs directly inside runbook { }, not inside a step", locator.here())
                    .withNext("move it out of the step"));
        }
    }

    static void checkOptions(String what, Map<String, ?> options, List<String> known, SourceLocation where) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new RunbookException(new Problem(ProblemCode.UNKNOWN_ARGUMENT,
                        "unknown option '" + key + "' of " + what, where, NearestNames.to(key, known),
                        "known options: " + String.join(", ", known)));
            }
        }
    }

    /** Turns {@code param} options into a checked {@link ParamSpec}. */
    static final class ParamDeclaration {
        private ParamDeclaration() {
        }

        static ParamSpec toSpec(String name, Map<String, Object> options, SourceLocation where) {
            Object declaredType = options.get("type");
            Object defaultValue = options.get("default");
            ParamType type;
            if (declaredType == null) {
                type = defaultValue == null ? ParamType.STRING : inferred(defaultValue);
            } else if (declaredType instanceof Class<?> c && ParamType.forClass(c) != null) {
                type = ParamType.forClass(c);
            } else if (declaredType instanceof CharSequence text && ParamType.forName(text.toString()) != null) {
                type = ParamType.forName(text.toString());
            } else {
                throw invalid(name, "type must be one of " + Arrays.stream(ParamType.values()).map(ParamType::displayName).toList()
                        + ", got " + declaredType, where, "write one of those after type: (type: Duration or type: 'Duration'), or declare it as text (no type:) and convert it in the step");
            }
            boolean required = Boolean.TRUE.equals(options.get("required"));
            if (required && defaultValue != null) {
                throw invalid(name, "is required and has a default; a default makes it optional", where,
                        "drop required: true, or drop the default");
            }
            Object typedDefault = null;
            if (defaultValue != null) {
                try {
                    typedDefault = type.fromValue(defaultValue);
                } catch (IllegalArgumentException e) {
                    throw invalid(name, "has type " + type.displayName() + " but its default " + defaultValue + " is not " + e.getMessage(),
                            where, "give a default of type " + type.displayName() + ", or change type:");
                }
            }
            Object description = options.get("description");
            return new ParamSpec(name, type, required, typedDefault, description == null ? null : description.toString(), where);
        }

        private static ParamType inferred(Object value) {
            for (ParamType t : ParamType.values()) {
                if (t != ParamType.STRING && t.javaType.isInstance(value)) {
                    return t;
                }
            }
            return ParamType.STRING;
        }

        private static RunbookException invalid(String name, String what, SourceLocation where, String next) {
            return new RunbookException(Problem.of(ProblemCode.INVALID_PARAMETER, "parameter '" + name + "' " + what, where).withNext(next));
        }
    }
}
