package io.ripcord.dsl;

import io.ripcord.model.RunbookSource;
import io.ripcord.problem.SourceLocation;

/**
 * Finds where in the runbook file the code currently running (or a throwable) is. Compiled runbook classes keep
 * the file name and line numbers, so the innermost stack frame from that file is the line to show.
 */
public final class ScriptLocator {

    private final String fileName;
    private final String displayPath;

    public ScriptLocator(RunbookSource source) {
        this.fileName = source.fileName();
        this.displayPath = source.displayPath();
    }

    /** The runbook line being executed by this thread, or null when no runbook code is on the stack. */
    public SourceLocation here() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> fileName.equals(f.getFileName()) && f.getLineNumber() > 0)
                .findFirst()
                .map(f -> SourceLocation.of(displayPath, f.getLineNumber()))
                .orElse(null));
    }

    /** The runbook line a throwable (or one of its causes) was thrown from, or null. */
    public SourceLocation of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (fileName.equals(e.getFileName()) && e.getLineNumber() > 0) {
                    return SourceLocation.of(displayPath, e.getLineNumber());
                }
            }
        }
        return null;
    }

    public SourceLocation line(int line) {
        return SourceLocation.of(displayPath, line);
    }
}
