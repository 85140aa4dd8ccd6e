package io.ripcord.problem;

import java.util.List;

/**
 * Carries one or more {@link Problem}s up to the boundary that prints them. It is the only exception type the CLI
 * shows without a stack trace; anything else is a bug and says so.
 */
public class RunbookException extends RuntimeException {

    private final List<Problem> problems;

    public RunbookException(Problem problem) {
        this(List.of(problem), null);
    }

    public RunbookException(Problem problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    public RunbookException(List<Problem> problems) {
        this(problems, null);
    }

    private RunbookException(List<Problem> problems, Throwable cause) {
        super(problems.isEmpty() ? "no problem" : problems.get(0).headline(), cause);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** This exception with {@code where} filled in on problems that do not say where they are. */
    public RunbookException orAt(SourceLocation where) {
        if (where == null || problems.stream().allMatch(p -> p.location() != null)) {
            return this;
        }
        RunbookException located = new RunbookException(
                problems.stream().map(p -> p.location() == null ? p.at(where) : p).toList(), getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    public Problem first() {
        return problems.get(0);
    }

    /** The exit code of the first problem, the one the headline names (problems are listed in the order found). */
    public ExitCode exitCode() {
        return problems.isEmpty() ? ExitCode.INTERNAL_ERROR : problems.get(0).code().exitCode;
    }
}
