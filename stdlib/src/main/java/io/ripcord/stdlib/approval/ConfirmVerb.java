package io.ripcord.stdlib.approval;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbOutput;
import io.ripcord.verb.VerbSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code confirm 'Restore production from last night?'}: nothing after it runs until the operator says yes. The answer
 * and how it was given are journaled, so a resumed run does not ask again and the report shows who approved.
 */
public final class ConfirmVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("confirm")
            .summary("Wait for the operator's approval: asked at the terminal, or given with --yes / --approve STEP; no answer fails the step.")
            .positional("question").required("question", ArgType.STRING, "what the operator approves")
            .returns(io.ripcord.verb.VerbOutput.Approval.class, "the approval: approved, how")
            .example("confirm 'Restore the production database from last night?'").build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        return PlannedAction.of(ActionKind.WAIT, "ask: " + call.string("question", ""))
                .detail("approve", "at the terminal, or in advance with --yes or --approve '" + context.step() + "'");
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure {
        String question = call.string("question", "");
        VerbOutput.Approval answer = context.output().approve(context.step(), question);
        if (!answer.approved()) {
            throw new VerbFailure("not approved: " + question + " (" + answer.how() + ")",
                    "when it is right to go on: resume with --approve '" + context.step() + "' (or --yes)");
        }
        context.output().info("approved (" + answer.how() + ")");
        return answer;
    }

    @Override
    public Object journal(Object result) {
        VerbOutput.Approval a = (VerbOutput.Approval) result;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("approved", a.approved());
        m.put("how", a.how());
        return m;
    }

    @Override
    public Object restore(Object data) {
        Map<?, ?> m = (Map<?, ?>) data;
        return new VerbOutput.Approval(Boolean.TRUE.equals(m.get("approved")), (String) m.get("how"));
    }
}
