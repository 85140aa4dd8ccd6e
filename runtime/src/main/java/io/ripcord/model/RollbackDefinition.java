package io.ripcord.model;

import groovy.lang.Closure;
import io.ripcord.problem.SourceLocation;

/**
 * {@code rollbackIf { failed 'health' } then { … }}: when a step fails and {@code condition} holds, {@code body} runs;
 * with {@code then ladder { … }} the {@code ladder}'s levels are climbed instead; without either ({@code null}) the
 * {@code undo} blocks of the completed steps run, newest first.
 */
public record RollbackDefinition(Closure<?> condition, Closure<?> body, LadderDefinition ladder, SourceLocation location) {

    public RollbackDefinition(Closure<?> condition, Closure<?> body, SourceLocation location) {
        this(condition, body, null, location);
    }

    /** The journal's name for a rollback's step; no runbook step may have it. */
    public static final String STEP = "rollback";

    /** True when this rollback undoes the completed steps rather than running a body of its own. */
    public boolean undoesSteps() {
        return body == null && ladder == null;
    }
}
