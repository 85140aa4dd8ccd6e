package io.ripcord.cli

import groovy.json.JsonOutput
import spock.lang.Specification

/** The plan/run agreement check itself: it must catch a run that did other calls than its plan decided. */
class PlanRunAgreementSpec extends Specification {

    static String plan(List<String> verbs, String note = null) {
        JsonOutput.toJson([steps: [[name: 'a', actions: verbs.collect { [verb: it] }, note: note]]])
    }

    static String run(List<String> verbs, String state) {
        JsonOutput.toJson([steps: [[name: 'a', state: state, calls: verbs.collect { [verb: it] }]]])
    }

    def "a run that #what #verdict"() {
        expect:
        PlanRunAgreement.differences(plan(planned, note), run(ran, state)).isEmpty() == agrees

        where:
        what                                                      | planned                 | note          | ran                          | state       || agrees
        'made exactly the planned calls'                          | ['sh', 'backup']        | null          | ['sh', 'backup']             | 'SUCCEEDED' || true
        'made one call more than planned'                         | ['sh']                  | null          | ['sh', 'sh']                 | 'SUCCEEDED' || false
        'made other calls'                                        | ['sh', 'backup']        | null          | ['sh', 'restore']            | 'SUCCEEDED' || false
        'failed after a prefix of the planned calls'              | ['sh', 'backup', 'sh']  | null          | ['sh', 'backup']             | 'FAILED'    || true
        'failed on a call the plan did not decide'                | ['sh']                  | null          | ['restore']                  | 'FAILED'    || false
        'went on past a plan that stopped at a run-time value'    | ['sh']                  | 'planned up…' | ['sh', 'tagImage']           | 'SUCCEEDED' || true
        'did otherwise before the plan stopped'                   | ['sh']                  | 'planned up…' | ['backup', 'sh']             | 'SUCCEEDED' || false
        'looked a backup up (a value, not an action)'             | ['restore']             | null          | ['lastBackup', 'restore']    | 'SUCCEEDED' || true
        verdict = agrees ? 'agrees with its plan' : 'is caught disagreeing with its plan'
    }

    def "the files retention deletes are the ones the plan named: #what"() {
        given:
        String planJson = JsonOutput.toJson([steps: [[name: 'b', actions: [[verb: 'backup', details: [retention: retention]]]]]])
        String showJson = JsonOutput.toJson([steps: [[name: 'b', state: 'SUCCEEDED', calls: [[verb: 'backup', state: 'COMPLETED']]]]])

        expect:
        PlanRunAgreement.retentionDifferences(planJson, showJson, output).isEmpty() == agrees

        where:
        what                          | retention                               | output                                                        || agrees
        'the same two'                | 'would delete app-1.sqlite.gz, app-2.sqlite.gz' | '    retention deleted app-1.sqlite.gz\n    retention deleted app-2.sqlite.gz' || true
        'none planned, none deleted'  | 'deletes nothing'                       | '    wrote app-3.sqlite.gz'                                    || true
        'none planned, one deleted'   | 'deletes nothing'                       | '    retention deleted app-1.sqlite.gz'                        || false
        'another one deleted'         | 'would delete app-1.sqlite.gz'          | '    retention deleted app-2.sqlite.gz'                        || false
    }

    def "each call planned with known arguments ran with them: #what"() {
        given:
        String planJson = JsonOutput.toJson([steps: [[name: 'a', actions: [[verb: 'backup', line: 4, args: planned]]]]])
        String showJson = JsonOutput.toJson([steps: [[name: 'a', state: 'SUCCEEDED', calls: [[verb: 'backup', args: ran]]]]])

        expect:
        PlanRunAgreement.differences(planJson, showJson) == expected

        where:
        what                       | planned                                      | ran                                          || expected
        'the same target'          | [target: 'sqlite:/d/app.db', to: 'bk']       | [target: 'sqlite:/d/app.db', to: 'bk']       || []
        'another target'           | [target: 'sqlite:/d/app.db', to: 'bk']       | [target: 'sqlite:/d/old.db', to: 'bk']       || ["step 'a', backup at line 4: planned with [target:sqlite:/d/app.db, to:bk], ran with [target:sqlite:/d/old.db, to:bk]"]
        'another destination'      | [target: 'sqlite:/d/app.db', to: 'bk']       | [target: 'sqlite:/d/app.db', to: 'elsewhere'] || ["step 'a', backup at line 4: planned with [target:sqlite:/d/app.db, to:bk], ran with [target:sqlite:/d/app.db, to:elsewhere]"]
        'arguments known only then' | null                                        | [target: 'sqlite:/d/app.db', to: 'bk']       || []
    }
}
