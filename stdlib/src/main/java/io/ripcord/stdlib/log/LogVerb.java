package io.ripcord.stdlib.log;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

import java.util.List;

/** {@code log 'restored backup from 03:00', level: 'warn'}: tells the operator something; touches nothing. */
public final class LogVerb implements Verb {

    private static final List<String> LEVELS = List.of("info", "warn");

    private static final VerbSpec SPEC = VerbSpec.named("log")
            .summary("Print a message in the run's output.")
            .positional("message")
            .required("message", ArgType.STRING, "the text")
            .optional("level", ArgType.STRING, "'info'", "'info' or 'warn'")
            .returns(Void.class, "nothing")
            .example("log \"deploying ${params.image}\"")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        String message = call.string("message", "");
        return PlannedAction.of(ActionKind.NOTE, "warn".equals(level(call)) ? "warning: " + message : message);
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) {
        if ("warn".equals(level(call))) {
            context.output().warn(call.string("message", ""));
        } else {
            context.output().info(call.string("message", ""));
        }
        return null;
    }

    private static String level(VerbCall call) {
        String level = call.string("level", "info");
        if (!LEVELS.contains(level)) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT,
                    "log argument 'level' must be one of " + LEVELS + ", got '" + level + "'", call.location()));
        }
        return level;
    }
}
