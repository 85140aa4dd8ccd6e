package io.ripcord.stdlib.pause;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.units.Durations;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

import java.time.Duration;

/** {@code wait 30.seconds, reason: 'let connections drain'}. Long waits report the time left every 10 seconds. */
public final class WaitVerb implements Verb {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private static final VerbSpec SPEC = VerbSpec.named("wait")
            .summary("Pause the run for a while.")
            .positional("duration")
            .required("duration", ArgType.DURATION, "how long")
            .optional("reason", ArgType.STRING, null, "why, shown in the plan and the output")
            .returns(Void.class, "nothing")
            .example("wait 30.seconds, reason: 'let connections drain'")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        String reason = call.string("reason", null);
        return PlannedAction.of(ActionKind.WAIT, "wait " + Durations.format(call.duration("duration", Duration.ZERO))
                + (reason == null ? "" : " (" + reason + ")"));
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws InterruptedException {
        Duration total = call.duration("duration", Duration.ZERO);
        long deadline = System.nanoTime() + total.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left, PROGRESS_EVERY.toNanos()) / 1_000_000));
            long remaining = deadline - System.nanoTime();
            if (remaining > PROGRESS_EVERY.toNanos() / 10) {
                context.output().info("waiting, " + Durations.format(Duration.ofSeconds((remaining + 999_999_999) / 1_000_000_000)) + " left");
            }
        }
        return null;
    }
}
