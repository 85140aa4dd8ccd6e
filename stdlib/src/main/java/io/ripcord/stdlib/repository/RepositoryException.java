package io.ripcord.stdlib.repository;

import java.io.IOException;

/**
 * A repository refused or failed an operation, said in the operator's terms: what happened (with the repository's
 * URL, never a credential) and what to do next. Stores throw it so verbs can give it a problem code without
 * knowing any store's exceptions.
 */
public final class RepositoryException extends IOException {

    /** Why, as far as the verb needs to tell: each maps to one problem code (FULL: the repository has no room left). */
    public enum Reason { ACCESS_DENIED, NOT_FOUND, UNREACHABLE, ALREADY_EXISTS, CORRUPT, FULL, FAILED }

    private final Reason reason;
    private final String next;

    public RepositoryException(Reason reason, String message, String next, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.next = next;
    }

    public Reason reason() {
        return reason;
    }

    public String next() {
        return next;
    }
}
