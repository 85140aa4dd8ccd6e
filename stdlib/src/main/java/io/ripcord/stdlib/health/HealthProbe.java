package io.ripcord.stdlib.health;

import io.ripcord.stdlib.retry.Retry;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.time.Duration;

/**
 * Something {@code healthCheck} can probe. One call is one attempt and must end within {@code timeout}, whatever the
 * other side does; it reads its own options (status:, body:, ...) from the healthCheck call.
 */
public interface HealthProbe extends io.ripcord.verb.JournalValue {

    /** What is probed, for plans and messages: "GET http://127.0.0.1:8080/health". */
    String describe();

    /** One attempt. Exceptions count as a failed attempt with their message. */
    Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception;

    /**
     * The healthCheck options of one kind of probe this probe reads ({@code status:}, {@code query:}, ...): healthCheck
     * refuses the others rather than ignore them (an {@code expect:} on an http probe would check nothing).
     */
    default java.util.Set<String> reads() {
        return java.util.Set.of();
    }

    /** What the plan half can say about the probe now, without probing it (null: nothing to add). */
    default String observeForPlan(VerbContext context) {
        return null;
    }

    @Override
    default Object journalValue() {
        return describe();
    }
}
