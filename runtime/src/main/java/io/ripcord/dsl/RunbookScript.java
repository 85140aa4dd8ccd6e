package io.ripcord.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.MetaProperty;
import groovy.lang.Script;
import io.ripcord.params.Params;
import io.ripcord.plan.Deferred;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.problem.SourceLocation;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbRegistry;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The base class of every compiled runbook. Names resolve in a fixed order and nothing falls back to a binding:
 * <ol>
 *   <li>methods of this class and methods the file defines ({@code runbook}, helpers);</li>
 *   <li>verbs, but only while a step runs (a helper method called from a step may use them);</li>
 *   <li>otherwise a problem with file:line and the nearest known names.</li>
 * </ol>
 * Properties: real ones of the class, {@code params} inside the runbook block (outside steps: the values plan and
 * run evaluate the file with; placeholders while {@code check} loads it without values), nothing else; assigning an undeclared
 * variable is an error (write {@code def x = …}).
 */
public abstract class RunbookScript extends Script {

    private LoadContext load;
    private int evaluating;

    /**
     * Set by the loader before {@link #run()}: where definitions go and what is known. {@code params} are the values
     * code outside the steps reads; null while the file is checked without values (each reads as a placeholder).
     */
    record LoadContext(VerbRegistry verbs, ScriptLocator locator, java.util.List<RunbookDeclaration> declared,
                       io.ripcord.secret.SecretResolver secrets, io.ripcord.verb.VerbContext values, Params params,
                       java.util.concurrent.atomic.AtomicBoolean read) {

        LoadContext(VerbRegistry verbs, ScriptLocator locator, java.util.List<RunbookDeclaration> declared,
                    io.ripcord.secret.SecretResolver secrets, io.ripcord.verb.VerbContext values, Params params) {
            this(verbs, locator, declared, secrets, values, params, new java.util.concurrent.atomic.AtomicBoolean());
        }

        /** Whether code outside the steps read {@code params}: then plan and run evaluate the file with the values. */
        boolean paramsRead() {
            return read.get();
        }
    }

    /** What one {@code runbook} call declared. */
    record RunbookDeclaration(String name, Map<String, Object> options, RunbookSpec spec, SourceLocation location) {
    }

    final void attach(LoadContext context) {
        this.load = context;
    }

    /** {@code runbook 'workload-app/deploy', version: '2.1.0', { … }}: the one runbook this file defines. */
    public void runbook(Map<String, Object> options, String name,
                        @DelegatesTo(value = RunbookSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SourceLocation where = load.locator().here();
        RunbookSpec.checkOptions("runbook", options, DslKeywords.RUNBOOK_OPTIONS, where);
        RunbookSpec spec = new RunbookSpec(load.locator(), this::paramsOutsideSteps);
        Closure<?> bound = (Closure<?>) body.clone();
        bound.setResolveStrategy(Closure.DELEGATE_FIRST);
        bound.setDelegate(spec);
        evaluating++;
        try {
            bound.call();
        } finally {
            evaluating--;
        }
        spec.seal();
        load.declared().add(new RunbookDeclaration(name, options, spec, where));
    }

    public void runbook(String name, @DelegatesTo(value = RunbookSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        runbook(Map.of(), name, body);
    }

    /** {@code secret('DB_PASSWORD')}: from the environment; masked in everything Ripcord writes. */
    public Object secret(String name) {
        return secret(Map.of(), name);
    }

    /** {@code secret('DB_PASSWORD', file: '/run/secrets/db')}: from a file. */
    public Object secret(Map<String, Object> options, String name) {
        SourceLocation where = load.locator().here();
        RunbookSpec.checkOptions("secret", options, DslKeywords.SECRET_OPTIONS, where);
        if (load.params() == null && StepScope.current() == null) {
            // check loads the file without values: the secret is a placeholder, and plan and run evaluate the file
            // again (as for a parameter read here) and resolve it then
            load.read().set(true);
            return Deferred.secret(name);
        }
        Object file = options.get("file");
        return load.secrets().resolve(name, file == null ? null : file.toString(), where);
    }

    @Override
    public Object invokeMethod(String method, Object args) {
        String name = ShadowedVerbNames.original(method);
        Object[] values = StepScope.asArray(args);
        if (!getMetaClass().respondsTo(this, name, values).isEmpty()) {
            return getMetaClass().invokeMethod(this, name, values);
        }
        Optional<Verb> verb = load.verbs().find(name);
        StepScope step = StepScope.current();
        if (verb.isPresent() && step != null) {
            return step.call(verb.get(), values);
        }
        SourceLocation where = load.locator().here();
        if (verb.isPresent() && verb.get() instanceof ValueVerb value && !value.dependsOnRun()) {
            // a target such as sqlite '/app/db.sqlite' is a value: fine at load time, outside steps; made from a
            // parameter checked without its value, it is a placeholder too (nothing to validate yet)
            if (Deferred.isIn(values)) {
                return Deferred.derived(name, values.length == 1 ? values[0] : java.util.Arrays.asList(values));
            }
            var call = new io.ripcord.verb.VerbCall(name, io.ripcord.verb.ArgumentBinder.bind(value.spec(), values), null, where);
            try {
                return ValueVerb.evaluate(value, call, load.values());
            } catch (RunbookException e) {
                throw e.orAt(where);
            }
        }
        if (verb.isPresent()) {
            throw new RunbookException(Problem.of(ProblemCode.MISPLACED_CALL, "verb '" + name + "' is outside a step", where)
                    .withNext("verbs act only inside step 'name', { ... }"));
        }
        if (DslKeywords.RUNBOOK.contains(name)) {
            throw new RunbookException(Problem.of(ProblemCode.MISPLACED_CALL, "'" + name + "' belongs inside runbook { }", where)
                    .withNext("write it inside runbook 'name', version: '1.0.0', { ... }"));
        }
        throw unknownVerb(name, where);
    }

    @Override
    public Object getProperty(String name) {
        MetaProperty real = getMetaClass().hasProperty(this, name);
        if (real != null) {
            return real.getProperty(this);
        }
        if ("out".equals(name)) {
            // Script.println looks for a binding variable 'out' and falls back to System.out when it is missing
            throw new groovy.lang.MissingPropertyException(name, getClass());
        }
        StepScope step = StepScope.current();
        if ("params".equals(name)) {
            if (step != null) {
                return step.getParams();
            }
            return paramsOutsideSteps();
        }
        throw new RunbookException(new Problem(ProblemCode.UNKNOWN_PROPERTY, "unknown name '" + name + "'", here(),
                NearestNames.to(name, DslKeywords.STEP_PROPERTIES), "declare it with def " + name + " = ..., or check the spelling"));
    }

    @Override
    public void setProperty(String name, Object value) {
        if (getMetaClass().hasProperty(this, name) != null) {
            getMetaClass().setProperty(this, name, value);
            return;
        }
        throw new RunbookException(Problem.of(ProblemCode.UNKNOWN_PROPERTY, "assignment to undeclared variable '" + name + "'", here())
                .withNext("declare it: def " + name + " = ..."));
    }

    private Object paramsOutsideSteps() {
        if (load == null || !insideRunbook()) {
            throw new RunbookException(Problem.of(ProblemCode.MISPLACED_CALL, "params can only be read inside runbook { }", here())
                    .withNext("read params.NAME inside the runbook block, after its param declarations"));
        }
        load.read().set(true);
        return load.params() != null ? load.params() : PLACEHOLDERS;
    }

    /** While the file is checked without values: {@code params.db} reads as {@code <params.db>}. */
    private static final groovy.lang.GroovyObjectSupport PLACEHOLDERS = new groovy.lang.GroovyObjectSupport() {
        @Override
        public Object getProperty(String param) {
            return Deferred.param(param);
        }
    };

    /** True while the runbook block's body is being evaluated (its declarations are not yet recorded). */
    private boolean insideRunbook() {
        return evaluating > 0;
    }

    private SourceLocation here() {
        return load == null ? null : load.locator().here();
    }

    private RunbookException unknownVerb(String name, SourceLocation where) {
        TreeSet<String> known = new TreeSet<>(load.verbs().names());
        known.addAll(DslKeywords.TOP);
        known.addAll(DslKeywords.RUNBOOK);
        return new RunbookException(new Problem(ProblemCode.UNKNOWN_VERB, "unknown verb '" + name + "'", where,
                NearestNames.to(name, known), "known verbs: " + String.join(", ", load.verbs().names())));
    }
}
