package io.ripcord.problem;

/**
 * Every kind of problem Ripcord reports, with the exit code it leads to: the one mapping from problem to exit code
 * that check, plan, run, resume and the REPL all use. Each value's comment says what causes it and how to fix it; the
 * code is printed with every error ({@code error[INVALID_ARGUMENT]: ...}) and carried by every {@code --json}
 * output, and the exit-code table in docs/guide.md lists these (a spec compares them).
 */
public enum ProblemCode {
    /** The file does not parse as Groovy: an unclosed bracket or string, a stray token. Fix the line shown. */
    SYNTAX_ERROR(ExitCode.USAGE),
    /** A method call that is neither a DSL keyword, a verb nor a method the file defines. Usually a typo. */
    UNKNOWN_VERB(ExitCode.USAGE),
    /** A verb or keyword was called where it does not belong (a verb outside a step, a step inside a step). */
    MISPLACED_CALL(ExitCode.USAGE),
    /** A named argument the verb or keyword does not declare. `ripcord help VERB` lists them. */
    UNKNOWN_ARGUMENT(ExitCode.USAGE),
    /** A required argument of a verb is missing. */
    MISSING_ARGUMENT(ExitCode.USAGE),
    /** An argument has the wrong type (a number where a duration is expected, say). */
    INVALID_ARGUMENT(ExitCode.USAGE),
    /** A name that is not a declared variable, parameter or DSL property; Ripcord never falls back to a binding. */
    UNKNOWN_PROPERTY(ExitCode.USAGE),
    /** Two steps with the same name; step names identify checkpoints, so they must be unique. */
    DUPLICATE_STEP(ExitCode.USAGE),
    /** Two parameters with the same name. */
    DUPLICATE_PARAMETER(ExitCode.USAGE),
    /** The file defines no runbook, several, or one without a valid name or semantic version. */
    INVALID_RUNBOOK(ExitCode.USAGE),
    /** A parameter declaration is contradictory (required with a default, a default of the wrong type). */
    INVALID_PARAMETER(ExitCode.USAGE),
    /** A `-p` or params-file value names a parameter the runbook does not declare. */
    UNKNOWN_PARAMETER(ExitCode.USAGE),
    /** A required parameter has no value; pass it with `-p name=value`. */
    MISSING_PARAMETER(ExitCode.USAGE),
    /** A parameter value does not convert to the parameter's declared type. */
    INVALID_PARAMETER_VALUE(ExitCode.USAGE),
    /** The runbook or params file cannot be read. */
    FILE_NOT_READABLE(ExitCode.USAGE),
    /**
     * A rollback ladder that cannot be climbed: no levels, two levels with one name, a level without its closure, or
     * {@code from:} naming no level. Fix the ladder block shown.
     */
    INVALID_LADDER(ExitCode.USAGE),
    /** Evaluating the runbook's definition threw (code outside steps runs at load time). */
    LOAD_FAILED(ExitCode.USAGE),
    /** A verb failed while a step ran: the step, the verb and the verb's own reason are in the message. */
    STEP_FAILED(ExitCode.STEP_FAILED, true),
    /** The journal file cannot be opened or written (permissions, a read-only directory, a busy file). */
    JOURNAL_UNAVAILABLE(ExitCode.USAGE),
    /** The journal file is damaged, not SQLite, another program's SQLite file, or from a newer Ripcord; left untouched. */
    JOURNAL_CORRUPT(ExitCode.USAGE),
    /** No run with this id in the journal; `ripcord runs` lists them. */
    UNKNOWN_RUN(ExitCode.USAGE),
    /** The run cannot be resumed: it already succeeded, or its runbook file is gone. */
    NOT_RESUMABLE(ExitCode.USAGE),
    /** The runbook file changed since the run started; resume shows the changed steps and needs --accept-changes. */
    RUNBOOK_CHANGED(ExitCode.USAGE),
    /** On resume, the runbook made a different verb call than the journal holds at the same position. */
    NOT_DETERMINISTIC(ExitCode.USAGE),
    /** Another run holds the runbook's lock; the message names the holder. */
    LOCK_HELD(ExitCode.LOCK_HELD),
    /**
     * The run's lease ran out or was taken over (the process was paused, the journal unreachable past the lease, or
     * another operator resumed the run with --take-over): this process stops before its next change and writes nothing.
     */
    LEASE_LOST(ExitCode.LOCK_HELD),
    /** No runbook of that name (or version) on the search path; `ripcord list` shows what there is. */
    UNKNOWN_RUNBOOK(ExitCode.USAGE),
    /** Two files claim the same name and version with different content. */
    AMBIGUOUS_RUNBOOK(ExitCode.USAGE),
    /** A runbook's name and version already ran with other content: bump the version when the procedure changes. */
    VERSION_NOT_BUMPED(ExitCode.USAGE),
    /**
     * `run --plan FILE`: the plan reviewed then no longer matches what would run now (the file, a parameter or the
     * observed state changed). Plan again, review, and run with the new plan.
     */
    STALE_PLAN(ExitCode.USAGE),
    /** A secret the runbook asks for is not set. */
    MISSING_SECRET(ExitCode.USAGE),
    /** The command line itself is wrong: an unknown option or command, a missing value. `ripcord help COMMAND`. */
    INVALID_COMMAND_LINE(ExitCode.USAGE),
    /** The run stopped after the step it was asked to run through (the REPL's :retry); resume runs the rest. */
    PAUSED(ExitCode.PAUSED),
    /** Ctrl-C or a signal stopped the rollback part-way; it is journaled as far as it went and resume continues it. */
    ROLLBACK_INTERRUPTED(ExitCode.ROLLBACK_INTERRUPTED),
    /** Ctrl-C or a signal stopped the running verb; the run is journaled INTERRUPTED and resume continues it. */
    INTERRUPTED(ExitCode.INTERRUPTED, true),
    /** A backup's source (or a restore's target, where it must exist) is not there, or is not what its kind needs. */
    TARGET_MISSING(ExitCode.MISSING_INPUT, true),
    /** The backup to verify or restore is not there: no backup in the catalog, or its file is gone. */
    BACKUP_MISSING(ExitCode.MISSING_INPUT, true),
    /** The backup destination (or a restore's {@code to:}) cannot be written: read-only, no permission, a file in the way. */
    DESTINATION_NOT_WRITABLE(ExitCode.CANNOT_WRITE, true),
    /** The file system filled up while writing; the partial files were removed. Free space or write elsewhere. */
    DISK_FULL(ExitCode.CANNOT_WRITE, true),
    /** A backup's manifest is missing, not JSON, not sealed with a trusted key, or describes another backup. */
    MANIFEST_INVALID(ExitCode.BACKUP_REFUSED, true),
    /** A backup's file differs from the catalog entry made when it was written (size, SHA-256, id): swapped or tampered. */
    CATALOG_MISMATCH(ExitCode.BACKUP_REFUSED, true),
    /**
     * An encrypted copy cannot be decrypted: restore was given no {@code identity:}, or one that is none of the copy's
     * recipients, or text that is not an age identity. Says nothing of the backup (no failed verify is recorded), and
     * nothing local was changed: give the right {@code identity: secret('AGE_KEY')} and {@code resume}.
     */
    DECRYPTION_FAILED(ExitCode.BACKUP_REFUSED, true),
    /** A backup failed verify (now, or when it was verified before): it is never restored. */
    VERIFICATION_FAILED(ExitCode.BACKUP_REFUSED, true),
    /** An archive holds an entry that would land outside its target (a path escape, a link out) or cannot be kept. */
    UNSAFE_ARCHIVE(ExitCode.BACKUP_REFUSED, true),
    /** A process has the restore target open, or a container mounts it: stop them first, or pass force: true. */
    TARGET_HELD(ExitCode.TARGET_HELD, true),
    /** A server a verb talks to does not answer: PostgreSQL's port is closed, the Docker Engine's socket is missing. */
    ENGINE_UNAVAILABLE(ExitCode.ENGINE_UNAVAILABLE, true),
    /**
     * A {@code to:}/{@code from:} that names no repository this Ripcord can open: an unknown scheme ({@code ftp://}), a
     * local path that looks like a URL ({@code s3:/bucket}, one slash), a bad bucket name. Fix the URL; write
     * {@code ./NAME} for a local directory whose name has a ':'.
     */
    INVALID_REPOSITORY(ExitCode.USAGE),
    /**
     * A repository refused or did not answer: wrong credentials (403), a missing bucket, an endpoint that does not
     * answer, an object truncated or replaced there. Nothing local was changed; fix it and {@code resume}.
     */
    REPOSITORY_UNAVAILABLE(ExitCode.ENGINE_UNAVAILABLE, true),
    /** Something Ripcord did not expect: a bug. The message names the exception; --debug prints its stack trace. */
    INTERNAL_ERROR(ExitCode.INTERNAL_ERROR);

    /** The exit code a command ends with when this problem ends it. */
    public final ExitCode exitCode;
    /** A verb's own failure with a cause of its own (disk full, target held): a run that fails so ends with this code. */
    public final boolean raisedByVerb;

    ProblemCode(ExitCode exitCode) {
        this(exitCode, false);
    }

    ProblemCode(ExitCode exitCode, boolean raisedByVerb) {
        this.exitCode = exitCode;
        this.raisedByVerb = raisedByVerb;
    }
}
