package io.ripcord.stdlib.service;

import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.time.Duration;

/**
 * A service stopService and startService can act on. Each operation is idempotent, waits until the service really is
 * in the asked state, and never waits longer than its timeout.
 */
public interface ServiceTarget extends io.ripcord.verb.JournalValue {

    /** "container app", "process api (pidfile /run/api.pid)". */
    String describe();

    /** Looks, never touches: for plans and for the state recorded before a change. */
    ServiceState observe(VerbContext context) throws VerbFailure, InterruptedException;

    ServiceChange stop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException;

    /**
     * Starts it; {@code image} (containers only, may be null) names the image to run, and a container whose image
     * differs from the one it runs is recreated with its configuration, the old one kept stopped for a rollback.
     */
    ServiceChange start(String image, Duration timeout, VerbContext context) throws VerbFailure, InterruptedException;

    /** What the plan would do to start it: "start", "recreate on app:v2 (image changed)". */
    default String planStart(String image, VerbContext context) throws VerbFailure, InterruptedException {
        ServiceState now = observe(context);
        return now.running() ? "already running: nothing to do" : "start (now " + now.describe() + ")";
    }

    /** What the plan would do to stop it: "stop (now running on app:v1)", "already stopped: nothing to do". */
    default String planStop(Duration timeout, VerbContext context) throws VerbFailure, InterruptedException {
        ServiceState now = observe(context);
        if (!now.exists()) {
            return "does not exist — stopService will fail";
        }
        return now.running() ? "stop (now " + now.describe() + ")" : "already stopped: nothing to do";
    }

    /** The command that starts it by hand, for a failure that leaves it stopped ("docker start app"); null when there is none to give. */
    default String startByHand(VerbContext context) throws VerbFailure, InterruptedException {
        return null;
    }

    @Override
    default Object journalValue() {
        return describe();
    }
}
