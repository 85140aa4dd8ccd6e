package io.ripcord.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The process exit status of every command; the numbers are part of Ripcord's interface. Each value's
 * {@code meaning} is the exit-code table of docs/guide.md, word for word (a spec compares them). Which problem leads to which
 * code is said once, by {@link ProblemCode#exitCode}; a run that ended without a problem of its own (it succeeded,
 * or rolled back) takes its code from {@code RunOutcome}.
 */
public enum ExitCode {
    OK(0, "ok", "success"),
    STEP_FAILED(1, "a step failed", "a step failed and no rollback was defined"),
    USAGE(2, "bad usage or invalid runbook (nothing ran)", "bad usage or an invalid runbook: nothing ran"),
    ROLLED_BACK(3, "rolled back", "rolled back, and the rollback verified"),
    ROLLBACK_FAILED(4, "rollback failed", "rollback failed: manual intervention required"),
    LOCK_HELD(5, "lock held or lease lost", "the runbook's lock is held by another run, or this run's lease was lost (taken over, broken, expired)"),
    PAUSED(6, "paused after a step", "paused after a step (`:retry` in the REPL): the steps after it have not run; `resume` runs them"),
    ROLLBACK_INTERRUPTED(7, "rollback interrupted", "interrupted during the rollback: it stopped part-way; `resume` continues it"),
    BACKUP_REFUSED(65, "backup refused", "a backup was refused: it does not match the catalog, its manifest is invalid or unsafe, or it failed"
            + " verification; nothing was restored from it"),
    MISSING_INPUT(66, "target or backup missing", "what a step works on is missing: the backup's source, or the backup to verify or restore"),
    ENGINE_UNAVAILABLE(69, "server unavailable", "a server a step needs does not answer or refuses: PostgreSQL, the Docker Engine, an offsite repository; fix it and `resume`"),
    CANNOT_WRITE(73, "cannot write", "a step could not write where it must: the destination is not writable, not a directory, or full;"
            + " nothing was cataloged or replaced"),
    TARGET_HELD(75, "target in use", "the restore target is in use by a process or a container: stop it (or `force: true`) and `resume`"),
    INTERNAL_ERROR(70, "internal error", "internal error: a bug in Ripcord; `--debug` shows the stack trace to report"),
    INTERRUPTED(130, "interrupted (Ctrl-C)", "interrupted (Ctrl-C, SIGINT): the running command and its children were stopped; `resume` continues"),
    HANGUP(129, "SIGHUP", "stopped by SIGHUP (the terminal went away): as interrupted; `resume` continues"),
    TERMINATED(143, "SIGTERM", "stopped by SIGTERM (kill, systemctl stop, docker stop): as interrupted; `resume` continues");

    public final int code;
    /** A few words for the list at the foot of {@code ripcord --help}. */
    public final String label;
    /** What the code tells a script or an operator, as the table in docs/guide.md says it. */
    public final String meaning;

    ExitCode(int code, String label, String meaning) {
        this.code = code;
        this.label = label;
        this.meaning = meaning;
    }

    /** "0 ok, 1 a step failed, …" in code order, wrapped to lines of at most {@code width} characters. */
    public static List<String> summary(int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("Exit codes:");
        ExitCode[] codes = Arrays.stream(values()).sorted(Comparator.comparingInt(c -> c.code)).toArray(ExitCode[]::new);
        for (int i = 0; i < codes.length; i++) {
            String item = " " + codes[i].code + " " + codes[i].label + (i == codes.length - 1 ? "." : ",");
            if (line.length() + item.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(item.substring(1));
            } else {
                line.append(item);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
