package io.ripcord.stdlib.process;

import java.time.Duration;

/**
 * What a finished command left: exit code, captured output and how long it ran. In a runbook, {@code "${r}"}
 * gives the trimmed standard output, so {@code def rev = sh 'git rev-parse HEAD'} reads naturally.
 */
public record CommandResult(int exitCode, String stdout, String stderr, Duration elapsed, boolean truncated) {

    public int getExitCode() { return exitCode; }
    public String getStdout() { return stdout; }
    public String getStderr() { return stderr; }

    /** Standard output without the trailing newline. */
    public String getText() {
        return stdout.strip();
    }

    @Override
    public String toString() {
        return getText();
    }
}
