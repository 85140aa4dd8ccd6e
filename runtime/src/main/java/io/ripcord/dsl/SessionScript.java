package io.ripcord.dsl;

import groovy.lang.Closure;

import java.util.Map;
import java.util.Set;

/**
 * The base class of a line typed at the REPL: a runbook script whose top level is a step's body and which also sees
 * the session's variables ({@code def db = sqlite '/app/db.sqlite'} on one line, {@code backup db, ...} on the next).
 * Only names a line declared with {@code def} become variables; any other name is still an error.
 */
public abstract class SessionScript extends RunbookScript {

    private Map<String, Object> variables = Map.of();
    private Set<String> assignable = Set.of();

    final void session(Map<String, Object> variables, Set<String> assignable) {
        this.variables = variables;
        this.assignable = assignable;
    }

    @Override
    public Object getProperty(String name) {
        if (variables.containsKey(name)) {
            return variables.get(name);
        }
        return super.getProperty(name);
    }

    @Override
    public void setProperty(String name, Object value) {
        if (assignable.contains(name)) {
            variables.put(name, value);
            return;
        }
        super.setProperty(name, value);
    }

    @Override
    public Object invokeMethod(String method, Object args) {
        if (variables.get(method) instanceof Closure<?> closure) {
            return closure.call(StepScope.asArray(args)); // a closure kept in a session variable, called like a method
        }
        return super.invokeMethod(method, args);
    }
}
