package io.ripcord.plan;

import groovy.lang.GroovyObjectSupport;
import io.ripcord.verb.Text;

/**
 * A value that exists only when the runbook runs, such as a command's output, as the plan shows it:
 * {@code <from step 'back up'>}. Reading a property or calling a method on it gives another deferred value, so
 * a plan never guesses.
 */
public final class Deferred extends GroovyObjectSupport {

    private final String step;
    private final String path;

    public Deferred(String step, String path) {
        this.step = step;
        this.path = path;
    }

    @Override
    public Object getProperty(String name) {
        return "metaClass".equals(name) ? getMetaClass() : new Deferred(step, path + "." + name);
    }

    @Override
    public Object invokeMethod(String name, Object args) {
        return "toString".equals(name) ? toString() : new Deferred(step, path + "." + name + "()");
    }

    /**
     * Whether {@code value} is, or was built from, a deferred value: a GString such as {@code "app:${tag}"} reaches a
     * verb as text with the marker in it (argument binding turns GStrings into Strings), and is no more known.
     */
    public static boolean isIn(Object value) {
        return value instanceof Deferred || value instanceof CharSequence text && Text.of(text).contains("<from step '");
    }

    /** {@code if (result)}: a branch the plan cannot choose. */
    public boolean asBoolean() {
        throw new UndecidedInPlan(toString());
    }

    /** {@code result == 'active'}: neither true nor false in a plan. */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        throw new UndecidedInPlan(toString());
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "<from step '" + step + "': " + path + ">";
    }
}
