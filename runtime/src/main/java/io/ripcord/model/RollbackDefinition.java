package io.ripcord.model;

import groovy.lang.Closure;
import io.ripcord.problem.SourceLocation;

/**
 * {@code rollbackIf { failed 'health' } then { … }}: when a step fails and {@code condition} holds, {@code body} runs;
 * without a body ({@code null}) the {@code undo} blocks of the completed steps run, newest first.
 */
public record RollbackDefinition(Closure<?> condition, Closure<?> body, SourceLocation location) {

    /** True when this rollback undoes the completed steps rather than running a body of its own. */
    public boolean undoesSteps() {
        return body == null;
    }
}
