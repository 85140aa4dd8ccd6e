package io.ripcord.exec

import io.ripcord.dsl.RunbookLoader
import io.ripcord.model.RunbookSource
import io.ripcord.plan.PlannedAction
import io.ripcord.problem.ProblemCode
import io.ripcord.verb.RecordingVerb
import io.ripcord.verb.VerbCall
import io.ripcord.verb.VerbRegistry
import spock.lang.Specification

import java.nio.file.Path
import java.time.Duration

class RunnerSpec extends Specification {

    RecordingVerb touch = new RecordingVerb('touch')
    VerbRegistry verbs = new VerbRegistry([touch])
    List<String> events = []
    RunListener recorder = new RunListener() {
        void stepStarted(String step, int index, int count) { events << "start $step $index/$count".toString() }
        void verbStarted(VerbCall call, PlannedAction action) { events << "verb ${call.verb()} ${action.summary()}".toString() }
        void stepFinished(String step, Duration elapsed) { events << "done $step".toString() }
        void runFinished(RunOutcome outcome) { events << "end ${outcome.state()}".toString() }
    }

    RunOutcome run(String text) {
        def rb = new RunbookLoader(verbs).load(RunbookSource.of(Path.of('r.groovy'), 'r.groovy', text))
        new Runner(verbs, Path.of('/'), [:], recorder).run(rb, [:])
    }

    def "steps run in order, each verb announced with its plan summary"() {
        when:
        def outcome = run("runbook 'demo/x', version: '1.0.0', { step 'a', { touch 'one' }\n step 'b', { touch 'two' } }")

        then:
        outcome.state() == RunState.SUCCEEDED
        outcome.stepsCompleted() == 2
        events == ['start a 1/2', 'verb touch touch one', 'done a', 'start b 2/2', 'verb touch touch two', 'done b', 'end SUCCEEDED']
    }

    def "a verb failure ends the run at that step, with the verb's reason and next step"() {
        when:
        def outcome = run('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', { touch 'one' }
                step 'b', {
                    touch 'two', fail: true
                    touch 'never'
                }
                step 'c', { touch 'never' }
            }''')

        then:
        outcome.state() == RunState.FAILED
        outcome.exitCode().code == 1
        outcome.stepsCompleted() == 1
        outcome.problem().code() == ProblemCode.STEP_FAILED
        outcome.problem().message() == "step 'b' failed: touch: cannot touch two"
        outcome.problem().location().toString() == 'r.groovy:5'
        outcome.problem().next() == 'try another target'
        touch.applied == ['a:one']
        events.last() == 'end FAILED'
    }
}
