package io.ripcord.problem;

/**
 * A place in a runbook file, as the user should see it: the path as they typed it, a 1-based line and optionally
 * a column (0 when unknown).
 */
public record SourceLocation(String file, int line, int column) {

    public static SourceLocation of(String file, int line) {
        return new SourceLocation(file, line, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
