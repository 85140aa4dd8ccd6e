package io.ripcord.plan;

import groovy.lang.GroovyObjectSupport;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.ResultType;
import io.ripcord.verb.Text;
import io.ripcord.verb.VerbCall;

import java.util.Iterator;

/**
 * A value that exists only when the runbook runs, such as a command's output, as the plan shows it:
 * {@code <from step 'back up': sh.stdout>}; or a parameter read outside a step while {@code check} loads the file
 * without values: {@code <params.db>}. It never decides anything: truthiness, comparisons (see
 * {@link PlanComparisons}) and iteration are undecided, and reading a member gives another deferred value, so a
 * plan never guesses.
 */
public final class Deferred extends GroovyObjectSupport {

    private static final String FROM_STEP = "<from step '";
    private static final String PARAM = "<params.";

    private final String label;
    /** What the value will be; null when not known (then any member may be read). */
    private final ResultType type;
    /** The verb call that gives the value in the run, if one does. */
    private final VerbCall origin;

    public Deferred(String step, String path) {
        this("from step '" + step + "': " + path, (ResultType) null, (VerbCall) null);
    }

    /** The result of {@code call} in step {@code step}, of the type its verb declares. */
    public Deferred(String step, VerbCall call, ResultType type) {
        this("from step '" + step + "': " + call.verb(), type, call);
    }

    private Deferred(String label) {
        this(label, (ResultType) null, (VerbCall) null);
    }

    private Deferred(String label, ResultType type, VerbCall origin) {
        this.label = label;
        this.type = type;
        this.origin = origin;
    }

    /** The call whose result this is in the run ({@code lastBackup(db)}: its target tells what kind of backup). */
    public java.util.Optional<VerbCall> origin() {
        return java.util.Optional.ofNullable(origin);
    }

    /** A parameter's value while the file is checked without values: {@code <params.db>}. */
    public static Deferred param(String name) {
        return new Deferred("params." + name);
    }

    /**
     * A secret read outside a step while {@code check} loads the file: {@code <secret('SSH_KEY')>}. Checking a file
     * never needs its secrets (CI checks runbooks without them); plan and run resolve them.
     */
    public static Deferred secret(String name) {
        return new Deferred("secret('" + name + "')");
    }

    /** The run's failure, read by the onFailure block: known only once a step failed ({@code <failure.step>}). */
    public static Deferred failure() {
        return new Deferred(io.ripcord.dsl.RunFailure.NAME);
    }

    /** A value computed from deferred ones, such as a target built from a parameter: {@code <sqlite(params.db)>}. */
    public static Deferred derived(String verb, Object from) {
        String inner = String.valueOf(from);
        return new Deferred(verb + "(" + (inner.startsWith("<") && inner.endsWith(">") ? inner.substring(1, inner.length() - 1) : inner) + ")");
    }

    /** A member of the result: only one its type has (check refuses the others too; the plan holds the same rule). */
    @Override
    public Object getProperty(String name) {
        if ("metaClass".equals(name)) {
            return getMetaClass();
        }
        if (type != null && type.member(name).isEmpty()) {
            throw new RunbookException(type.unknownMember(name, describe(), null));
        }
        return new Deferred(label + "." + name, type == null || !type.closed() ? null : type.memberType(name), null);
    }

    @Override
    public Object invokeMethod(String name, Object args) {
        if ("toString".equals(name)) {
            return toString();
        }
        if (type != null && type.closed() && java.util.Arrays.stream(type.type().getMethods()).noneMatch(m -> m.getName().equals(name))) {
            throw new RunbookException(type.unknownMember(name + "()", describe(), null));
        }
        return new Deferred(label + "." + name + "()");
    }

    private String describe() {
        return this + " (" + (type.type() == Void.class ? "the verb returns nothing" : "a " + type.typeName()) + ")";
    }

    /**
     * Whether {@code value} is, or was built from, a deferred value: a GString such as {@code "app:${tag}"} reaches a
     * verb as text with the marker in it (argument binding turns GStrings into Strings), and is no more known. Lists
     * and maps are looked into.
     */
    public static boolean isIn(Object value) {
        if (value instanceof Deferred) {
            return true;
        }
        if (value instanceof CharSequence text) {
            String s = Text.of(text);
            return s.contains(FROM_STEP) || s.contains(PARAM);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> isIn(e.getKey()) || isIn(e.getValue()));
        }
        if (value instanceof java.util.Collection<?> items) {
            return items.stream().anyMatch(Deferred::isIn);
        }
        if (value instanceof Object[] items) {
            return java.util.Arrays.stream(items).anyMatch(Deferred::isIn);
        }
        return false;
    }

    /** {@code if (result)}: a branch the plan cannot choose. */
    public boolean asBoolean() {
        throw new UndecidedInPlan("deciding on " + this);
    }

    /** {@code for (b in backups(db))}, {@code .each { }}: how many items there are is known only then. */
    public Iterator<Object> iterator() {
        throw new UndecidedInPlan("iterating over " + this);
    }

    /** {@code result == 'active'}: neither true nor false in a plan. */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        throw new UndecidedInPlan("comparing " + this);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "<" + label + ">";
    }
}
