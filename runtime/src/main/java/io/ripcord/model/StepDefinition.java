package io.ripcord.model;

import groovy.lang.Closure;
import io.ripcord.problem.SourceLocation;

/**
 * A named step: its body runs only when the step runs (or is planned), never at load time. {@code sha256} covers the
 * body's source lines, so a resume can say which steps changed.
 */
public record StepDefinition(String name, Closure<?> body, SourceLocation location, String sha256) {

    public StepDefinition withHash(String hash) {
        return new StepDefinition(name, body, location, hash);
    }
}
