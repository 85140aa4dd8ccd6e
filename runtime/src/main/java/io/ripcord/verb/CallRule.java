package io.ripcord.verb;

import io.ripcord.problem.ProblemCode;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A verb's own rule across its arguments ({@code expect:} needs {@code query:}; a backup's {@code to:} holds one local
 * directory), declared with its {@link VerbSpec} and checked by {@code check} on what the file shows, before anything
 * runs. The verb still guards the same at run time, where a value is only known then.
 */
@FunctionalInterface
public interface CallRule {

    /**
     * {@code given}: every argument the call names (by name or position); {@code literals}: those whose value the file
     * spells out — a string, number or boolean, or a list of them (as a {@code java.util.List}). Empty when it holds.
     */
    Optional<Violation> check(Set<String> given, Map<String, Object> literals);

    /** What is wrong, about which argument (the problem points at it), and what to write instead. */
    record Violation(ProblemCode code, String argument, String message, String next) {
    }
}
