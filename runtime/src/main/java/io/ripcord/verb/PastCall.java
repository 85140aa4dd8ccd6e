package io.ripcord.verb;

import java.util.Map;

/**
 * A verb call this run completed before the current one (replayed ones included after a resume), with its result:
 * how {@code previous(container)} finds the image a container ran before this run changed it.
 */
public record PastCall(String verb, String step, Map<String, Object> args, Object result, int line) {

    public PastCall(String verb, String step, Map<String, Object> args, Object result) {
        this(verb, step, args, result, 0);
    }
}
