package io.ripcord.dsl;

import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import io.ripcord.params.Params;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.ArgumentBinder;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbRegistry;

/**
 * The delegate of a step's closure while the step runs or is planned: verbs are its methods, {@code params} its
 * property. Anything else is handed on (to helper methods the file defines) by throwing Groovy's "missing" errors,
 * which the script base class turns into a proper problem if nobody knows the name.
 */
public final class StepScope extends GroovyObjectSupport {

    private static final ThreadLocal<StepScope> CURRENT = new ThreadLocal<>();

    private final String step;
    private final Params params;
    private final VerbRegistry verbs;
    private final ScriptLocator locator;
    private final VerbInvoker invoker;
    private java.util.function.Consumer<groovy.lang.Closure<?>> undoSink;
    private java.util.function.Consumer<groovy.lang.Closure<?>> gateSink;
    /** What {@code failure} reads: only inside {@code onFailure { … }} (a {@link RunFailure}, or in the plan a deferred value). */
    private Object failure;

    public StepScope(String step, Params params, VerbRegistry verbs, ScriptLocator locator, VerbInvoker invoker) {
        this.step = step;
        this.params = params;
        this.verbs = verbs;
        this.locator = locator;
        this.invoker = invoker;
    }

    /** Where this step's {@code undo { … }} blocks go; without a sink (a rollback's own body) they are refused. */
    public StepScope onUndo(java.util.function.Consumer<groovy.lang.Closure<?>> sink) {
        this.undoSink = sink;
        return this;
    }

    /**
     * {@code undo { … }}: how to take back what this step did. It runs only when a {@code rollbackIf} without a body
     * fires after this step completed; a step that failed is not undone.
     */
    public void undo(@groovy.lang.DelegatesTo(value = StepScope.class, strategy = groovy.lang.Closure.DELEGATE_FIRST) groovy.lang.Closure<?> body) {
        declare(undoSink, body, "'undo' belongs in a step, not in a rollback or another undo",
                "declare undo { ... } inside the step whose effect it takes back");
    }

    /** The run's failure, which {@code onFailure { … }} reads as {@code failure}; no other body has one. */
    public StepScope onFailureOf(Object failure) {
        this.failure = failure;
        return this;
    }

    /** Where a ladder level's {@code gate { … }} goes; only a level's body has one. */
    public StepScope onGate(java.util.function.Consumer<groovy.lang.Closure<?>> sink) {
        this.gateSink = sink;
        return this;
    }

    /**
     * {@code gate { healthCheck http(...) }} in a ladder's level: what tells whether this level brought the service
     * back, in place of the failed step's health checks. It runs when the level's actions are done, wherever it is written.
     */
    public void gate(@groovy.lang.DelegatesTo(value = StepScope.class, strategy = groovy.lang.Closure.DELEGATE_FIRST) groovy.lang.Closure<?> body) {
        declare(gateSink, body, "'gate' belongs in a level of a rollback ladder",
                "write it inside level 'name', { ...; gate { healthCheck ... } }");
    }

    /** A block the body declares for later ({@code undo}, {@code gate}): to its sink, or refused where it has none. */
    private void declare(java.util.function.Consumer<groovy.lang.Closure<?>> sink, groovy.lang.Closure<?> body, String misplaced, String next) {
        if (sink == null) {
            throw new RunbookException(io.ripcord.problem.Problem.of(io.ripcord.problem.ProblemCode.MISPLACED_CALL, misplaced, locator.here())
                    .withNext(next));
        }
        sink.accept(body);
    }

    /** The scope of the step this thread is running, so helper methods defined in the file can call verbs too. */
    static StepScope current() {
        return CURRENT.get();
    }

    public String step() {
        return step;
    }

    /** Runs {@code body} with this scope current. */
    public Object enter(groovy.lang.Closure<?> body) {
        StepScope outer = CURRENT.get();
        CURRENT.set(this);
        try {
            groovy.lang.Closure<?> bound = (groovy.lang.Closure<?>) body.clone();
            bound.setResolveStrategy(groovy.lang.Closure.DELEGATE_FIRST);
            bound.setDelegate(this);
            return bound.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    public Params getParams() {
        return params;
    }

    @Override
    public Object getProperty(String name) {
        if ("params".equals(name)) {
            return params;
        }
        if (RunFailure.NAME.equals(name) && failure != null) {
            return failure;
        }
        throw new MissingPropertyException(name, StepScope.class);
    }

    @Override
    public Object invokeMethod(String method, Object args) {
        String name = ShadowedVerbNames.original(method);
        Verb verb = verbs.find(name).orElseThrow(() -> new MissingMethodException(name, StepScope.class, asArray(args)));
        return call(verb, asArray(args));
    }

    Object call(Verb verb, Object[] args) {
        var where = locator.here();
        try {
            VerbCall call = new VerbCall(verb.spec().name(), ArgumentBinder.bind(verb.spec(), args), step, where);
            return invoker.invoke(verb, call);
        } catch (RunbookException e) {
            throw e.orAt(where);
        }
    }

    static Object[] asArray(Object args) {
        return args instanceof Object[] a ? a : args == null ? new Object[0] : new Object[]{args};
    }
}
