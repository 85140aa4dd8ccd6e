package io.ripcord.stdlib.repository.sftp;

import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbFailure;
import java.io.IOException;

/**
 * An SFTP repository's expected failure: the message names the repository and what went wrong, {@link #next} what
 * the operator does about it, {@link #code} the problem code a verb reports it with ({@code new VerbFailure(f.code(),
 * f.getMessage(), f.next())}).
 */
public class SftpFailure extends IOException {

    private final ProblemCode code;
    private final String next;

    public SftpFailure(ProblemCode code, String message, String next) {
        super(message);
        this.code = code;
        this.next = next;
    }

    public SftpFailure(ProblemCode code, String message, String next, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.next = next;
    }

    /** The same failure as a verb reports it (problem code, message, next step). */
    public VerbFailure toVerbFailure() {
        return new VerbFailure(code, getMessage(), next);
    }

    public ProblemCode code() {
        return code;
    }

    public String next() {
        return next;
    }
}
