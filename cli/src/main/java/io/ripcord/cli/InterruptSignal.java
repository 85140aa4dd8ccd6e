package io.ripcord.cli;

import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.problem.ExitCode;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ctrl-C, SIGTERM or SIGHUP during a run: instead of the JVM dying mid-verb, the running thread is interrupted, the
 * verb stops (a command's whole process group is stopped), the verb's temporary files are removed as it unwinds, the
 * run is journaled as interrupted and ripcord exits as a shell reports that signal: 130, 143 or 129.
 * A signal the JVM was started ignoring ({@code nohup} ignores HUP) stays ignored.
 */
public final class InterruptSignal implements AutoCloseable {

    /** The signals that stop a run, each with its exit code (128 + the signal's number, as shells report it). */
    private static final Map<String, ExitCode> STOPS = Map.of("INT", ExitCode.INTERRUPTED, "TERM", ExitCode.TERMINATED,
            "HUP", ExitCode.HANGUP);

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile String received;

    private InterruptSignal() {
    }

    /** Ctrl-C only: the REPL's prompt, where TERM and HUP keep their default (end the shell). */
    public static InterruptSignal interruptOnCtrlC(Thread worker) {
        return handle(worker, List.of("INT"));
    }

    /** INT, TERM and HUP: a checkpointed run or resume. */
    public static InterruptSignal stopOnSignals(Thread worker) {
        return handle(worker, List.of("INT", "TERM", "HUP"));
    }

    private static InterruptSignal handle(Thread worker, List<String> names) {
        InterruptSignal handler = new InterruptSignal();
        for (String name : names) {
            Signal signal = new Signal(name);
            try {
                handler.previous.put(signal, Signal.handle(signal, s -> {
                    if (handler.received == null) {
                        handler.received = s.getName(); // the first one says why the run stopped
                    }
                    worker.interrupt();
                }));
            } catch (IllegalArgumentException e) {
                // not on this platform, or the JVM keeps it (-Xrs): its default stays
            }
        }
        return handler;
    }

    /** The signal that arrived first, as {@code SIGTERM}; empty when none did. */
    public Optional<String> received() {
        return Optional.ofNullable(received).map(name -> "SIG" + name);
    }

    /**
     * The exit code of a run that ended so: an interrupted run exits as its signal says; any other keeps its own. A
     * rollback stopped part-way keeps 7 whatever stopped it: that the service is half rolled back matters more.
     */
    public ExitCode exitCode(RunOutcome outcome) {
        if (outcome.state() == RunState.INTERRUPTED && received != null && outcome.exitCode() != ExitCode.ROLLBACK_INTERRUPTED) {
            return STOPS.get(received);
        }
        return outcome.exitCode();
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            if (handler != SignalHandler.SIG_IGN) {
                Signal.handle(signal, handler);
            }
        });
    }
}
