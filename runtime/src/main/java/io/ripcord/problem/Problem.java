package io.ripcord.problem;

import java.util.List;

/**
 * One thing that is wrong, said the way the user needs it: what ({@code message}), where ({@code location}, may be
 * null), the nearest known names when a name was mistyped, and what to do next ({@code next}, may be null).
 */
public record Problem(ProblemCode code, String message, SourceLocation location, List<String> didYouMean,
                      String next) {

    public Problem {
        didYouMean = didYouMean == null ? List.of() : List.copyOf(didYouMean);
    }

    public static Problem of(ProblemCode code, String message, SourceLocation location) {
        return new Problem(code, message, location, List.of(), null);
    }

    public Problem withNext(String next) {
        return new Problem(code, message, location, didYouMean, next);
    }

    public Problem withSuggestions(List<String> names) {
        return new Problem(code, message, location, names, next);
    }

    /** The same problem under another code: a failure found while running is the step's, whatever raised it. */
    public Problem as(ProblemCode other) {
        return new Problem(other, message, location, didYouMean, next);
    }

    public Problem at(SourceLocation where) {
        return new Problem(code, message, where, didYouMean, next);
    }

    /** The headline: "unknown verb 'shh' at deploy.groovy:14 — did you mean sh?". */
    public String headline() {
        StringBuilder line = new StringBuilder(message);
        if (location != null) {
            line.append(" at ").append(location);
        }
        if (!didYouMean.isEmpty()) {
            line.append(" — did you mean ").append(String.join(" or ", didYouMean)).append('?');
        }
        return line.toString();
    }

    /** Headline plus the next step, as printed to the terminal. */
    public String render() {
        return next == null ? headline() : headline() + System.lineSeparator() + "  next: " + next;
    }
}
