package io.ripcord.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during a run: instead of the JVM dying mid-verb, the running thread is interrupted, the verb stops (a
 * command's whole process tree is stopped), the run is journaled as interrupted and ripcord exits 130.
 */
public final class InterruptSignal implements AutoCloseable {

    private final SignalHandler previous;

    private InterruptSignal(SignalHandler previous) {
        this.previous = previous;
    }

    public static InterruptSignal interruptOnCtrlC(Thread worker) {
        try {
            return new InterruptSignal(Signal.handle(new Signal("INT"), signal -> worker.interrupt()));
        } catch (IllegalArgumentException e) {
            return new InterruptSignal(null); // no SIGINT on this platform
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
