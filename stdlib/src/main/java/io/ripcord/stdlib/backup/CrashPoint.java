package io.ripcord.stdlib.backup;

import io.ripcord.verb.VerbContext;

import java.io.IOException;

/**
 * Named instants inside backup's and restore's file operations where the fault-injection spec kills Ripcord with SIGKILL: when the
 * run's environment sets {@code RIPCORD_CRASH_AT} to a point's name, the JVM is killed the moment it gets there, so
 * the spec can prove what a crash at exactly that instant leaves. Unset (always, outside that spec), it does nothing.
 */
final class CrashPoint {

    static final String VARIABLE = "RIPCORD_CRASH_AT";

    private CrashPoint() {
    }

    static void reach(String point, VerbContext context) {
        if (!point.equals(context.environment().get(VARIABLE))) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(10_000); // the signal is on its way; nothing after this point may run
        } catch (IOException | InterruptedException e) {
            // no kill(1): halt is the next best thing, it runs no finally block either
        }
        Runtime.getRuntime().halt(137);
    }
}
