package io.ripcord.stdlib.repository;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Why a repository's host could not be reached, in words rather than an exception's class: what every store puts in
 * its "cannot reach" message ({@code connection refused}, {@code no such host: x}, {@code timed out}).
 */
public final class NetworkCause {

    private NetworkCause() {
    }

    /** True when cause says the host did not answer (refused, unknown, unroutable, timed out). */
    public static boolean unreachable(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException;
    }

    public static String describe(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("").strip();
        if (cause instanceof UnknownHostException) {
            return "no such host" + (message.isEmpty() ? "" : ": " + message);
        }
        if (cause instanceof SocketTimeoutException) {
            return "timed out" + (message.isEmpty() || message.toLowerCase(java.util.Locale.ROOT).contains("timed out") ? "" : ": " + message);
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (cause instanceof ConnectException) {
            return message.isEmpty() ? "connection refused" : message.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + message.substring(1);
        }
        return message.isEmpty() ? "no answer" : message;
    }
}
