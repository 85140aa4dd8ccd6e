package io.ripcord.plan

import io.ripcord.dsl.RunbookLoader
import io.ripcord.model.RunbookSource
import io.ripcord.verb.RecordingVerb
import io.ripcord.verb.VerbRegistry
import groovy.json.JsonSlurper
import spock.lang.Specification

import java.nio.file.Path

class PlannerSpec extends Specification {

    RecordingVerb touch = new RecordingVerb('touch')
    VerbRegistry verbs = new VerbRegistry([touch])

    Plan plan(String text, Map params = [:]) {
        def rb = new RunbookLoader(verbs).load(RunbookSource.of(Path.of('p.groovy'), 'p.groovy', text))
        new Planner(verbs, Path.of('/'), [:]).plan(rb, params)
    }

    def "planning describes every call and touches nothing"() {
        when:
        def p = plan("runbook 'demo/x', version: '1.0.0', { step 'a', { touch 'one'\n touch 'two' } }")

        then:
        p.steps()*.name() == ['a']
        p.steps()[0].actions()*.summary() == ['touch one', 'touch two']
        p.steps()[0].actions()*.kind() == [ActionKind.CREATE, ActionKind.CREATE]
        p.steps()[0].actions()*.line() == [1, 2]
        touch.applied.isEmpty()
    }

    def "a value that exists only at run time shows where it comes from, never a guess"() {
        when:
        def p = plan('''
            runbook 'demo/x', version: '1.0.0', {
                step 'make', {
                    def made = touch 'x'
                    touch "copy of ${made.name}"
                }
            }''')

        then:
        p.steps()[0].actions()[1].summary() == "touch copy of <from step 'make': touch.name>"
    }

    def "a step whose code needs run-time values is planned up to there and says so"() {
        when:
        def p = plan('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    touch 'first'
                    def count = (touch('x') as Integer) + 1
                    touch "n=$count"
                }
            }''')

        then:
        p.steps()[0].actions()*.summary() == ['touch first', 'touch x']
        p.steps()[0].note().startsWith('planned up to here; the rest is decided when it runs')
        p.steps()[0].note().contains('at line 5')
    }

    def "a branch on a run-time value is not guessed: the plan stops there and says so"() {
        when:
        def p = plan('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    def state = touch 'probe'
                    if (state == 'ACTIVE') {
                        touch 'stop'
                    }
                }
            }''')

        then:
        p.steps()[0].actions()*.summary() == ['touch probe']
        p.steps()[0].note() == "planned up to here; the rest is decided when it runs: comparing <from step 'a': touch> == 'ACTIVE' is only known then at line 5"
    }

    def "a plain bug in a step's code fails the plan, so nothing runs"() {
        when:
        plan('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    touch 'first'
                    'text'.toUppercase()
                }
            }''')

        then:
        def e = thrown(io.ripcord.problem.RunbookException)
        e.first().message().startsWith("planning step 'a' failed: MissingMethodException")
        e.first().location().line() == 5
    }

    def "the plan hash changes with the parameters and the file, and the JSON is stable"() {
        given:
        def text = "runbook 'demo/x', version: '1.0.0', { param 'n', default: 'a'\n step 'a', { touch params.n } }"

        expect:
        plan(text, [n: 'a']).hash() == plan(text, [n: 'a']).hash()
        plan(text, [n: 'a']).hash() != plan(text, [n: 'b']).hash()
        plan(text, [n: 'a']).hash() != plan(text.replace('touch params.n', 'touch(params.n)'), [n: 'a']).hash()
        PlanJson.render(plan(text, [n: 'a'])) == PlanJson.render(plan(text, [n: 'a']))
        new JsonSlurper().parseText(PlanJson.render(plan(text, [n: 'a']))).steps[0].actions[0].summary == 'touch a'
    }

    def "a comparison of known values decides exactly as Groovy does: #comparison"() {
        when: 'every comparison is compiled into PlanComparisons, which must not change what it answers'
        def p = plan("""
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    def n = 1
                    touch "\${$comparison}"
                }
            }""")

        then:
        p.steps()[0].actions()*.summary() == ["touch $expected"]

        where:
        comparison                    || expected
        'n == 1L'                     || true
        "'a' == \"\${'a'}\""           || true
        'null == null'                || true
        'n == null'                   || false
        'n != null'                   || true
        '[1, 2] == [1, 2]'            || true
        "[a: 1] == [a: 1]"            || true
        '1.5 < 2'                     || true
        '2 <= 2'                      || true
        "'b' > 'a'"                   || true
        '3 >= 4'                      || false
        "'b' <=> 'a'"                 || 1
        '30.seconds < 1.minute'       || true
        '1.KB == 1024.bytes'          || true
        '2 in [1, 2]'                 || true
        "'x' in 'abc'"                || false
        '3 !in [1, 2]'                || true
        "n in Integer"                || true
    }
}
