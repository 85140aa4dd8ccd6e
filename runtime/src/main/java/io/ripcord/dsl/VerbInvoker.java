package io.ripcord.dsl;

import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;

/**
 * What a verb call inside a step turns into: planning it (dry run) or applying it (run). The DSL binds and checks
 * the arguments; the invoker decides what happens.
 */
@FunctionalInterface
public interface VerbInvoker {
    Object invoke(Verb verb, VerbCall call);
}
