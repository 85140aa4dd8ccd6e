package io.ripcord.model;

import groovy.lang.Closure;
import io.ripcord.problem.SourceLocation;

/** A named step: its body runs only when the step runs (or is planned), never at load time. */
public record StepDefinition(String name, Closure<?> body, SourceLocation location) {
}
