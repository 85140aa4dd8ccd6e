package io.ripcord.problem;

/** The process exit status of every command; the numbers are part of Ripcord's interface (see the README). */
public enum ExitCode {
    /** Everything ran, or the check/plan found nothing wrong. */
    OK(0),
    /** A step failed and the runbook defines no rollback. */
    STEP_FAILED(1),
    /** Bad usage or an invalid runbook: nothing ran. */
    USAGE(2),
    /** A step failed, the rollback ran and was verified. */
    ROLLED_BACK(3),
    /** A step failed and the rollback failed too: manual intervention required. */
    ROLLBACK_FAILED(4),
    /** Another run holds the runbook's lock. */
    LOCK_HELD(5),
    /** Interrupted (Ctrl-C, SIGINT); resumable. */
    INTERRUPTED(130),
    /** Stopped by SIGHUP (the terminal went away); resumable. 128 + 1, as shells report it. */
    HANGUP(129),
    /** Stopped by SIGTERM (kill, systemctl stop, docker stop); resumable. 128 + 15. */
    TERMINATED(143);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
