package io.ripcord.verb

import io.ripcord.plan.ActionKind
import io.ripcord.plan.PlannedAction

/** A fake verb for engine specs: records every apply, returns what it is told, fails when asked to. */
class RecordingVerb implements Verb {

    final List<String> applied = Collections.synchronizedList([])
    final VerbSpec spec

    RecordingVerb(String name = 'touch') {
        spec = VerbSpec.named(name).summary("records $name").positional('target')
                .required('target', ArgType.STRING, 'what to touch')
                .optional('delay', ArgType.DURATION, null, 'a duration')
                .optional('fail', ArgType.BOOLEAN, 'false', 'fail instead')
                .returns(String, 'the target, upper-cased').build()
    }

    VerbSpec spec() { spec }

    PlannedAction plan(VerbCall call, VerbContext context) {
        PlannedAction.of(ActionKind.CREATE, "touch ${call.string('target', '')}")
    }

    Object apply(VerbCall call, VerbContext context) {
        if (call.flag('fail', false)) {
            throw new VerbFailure("cannot touch ${call.string('target', '')}", 'try another target')
        }
        applied << "${call.step()}:${call.string('target', '')}".toString()
        call.string('target', '').toUpperCase()
    }
}
