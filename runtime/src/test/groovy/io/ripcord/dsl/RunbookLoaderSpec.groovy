package io.ripcord.dsl

import io.ripcord.exec.RunState
import io.ripcord.exec.Runner
import io.ripcord.exec.RunListener
import io.ripcord.model.RunbookDefinition
import io.ripcord.model.RunbookSource
import io.ripcord.params.ParamType
import io.ripcord.problem.ProblemCode
import io.ripcord.problem.RunbookException
import io.ripcord.units.TimeSpan
import io.ripcord.verb.RecordingVerb
import io.ripcord.verb.VerbRegistry
import spock.lang.Specification

import java.nio.file.Path

class RunbookLoaderSpec extends Specification {

    RecordingVerb touch = new RecordingVerb('touch')
    RecordingVerb waitVerb = new RecordingVerb('wait')
    VerbRegistry verbs = new VerbRegistry([touch, waitVerb])

    RunbookDefinition load(String text) {
        new RunbookLoader(verbs).load(RunbookSource.of(Path.of('/runbooks/demo.groovy'), 'demo.groovy', text))
    }

    RunState run(RunbookDefinition rb, Map params = [:]) {
        new Runner(verbs, Path.of('/'), [:], RunListener.SILENT).run(rb, params).state()
    }

    def "a runbook loads with its name, version, description, parameters and steps"() {
        when:
        def rb = load('''
            runbook 'team/app-deploy', version: '2.1.0', {
                description 'deploy the app'
                param 'image', required: true, description: 'the image'
                param 'timeout', default: 30.seconds
                param 'retries', type: Integer, default: 3
                step 'one', { touch 'a' }
                step 'two', { touch 'b' }
            }''')

        then:
        rb.id() == 'team/app-deploy@2.1.0'
        rb.description() == 'deploy the app'
        rb.params()*.name() == ['image', 'timeout', 'retries']
        rb.params()*.type() == [ParamType.STRING, ParamType.DURATION, ParamType.INTEGER]
        rb.params()[1].defaultValue() == TimeSpan.ofMillis(30_000)
        rb.params()[0].required()
        rb.params()[0].location().toString() == 'demo.groovy:4'
        rb.steps()*.name() == ['one', 'two']
        rb.steps()*.location()*.line() == [7, 8]
    }

    def "a parameter's type can be named as text, in any case: type: '#declared' is #expected"() {
        when:
        def rb = load("""
            runbook 'team/typed', version: '1.0.0', {
                param 'p', type: '${declared}'
                step 'one', { touch 'a' }
            }""")

        then:
        rb.params()*.type() == [expected]

        where:
        declared   | expected
        'duration' | ParamType.DURATION
        'Duration' | ParamType.DURATION
        'bytesize' | ParamType.SIZE
        'integer'  | ParamType.INTEGER
        ' Boolean' | ParamType.BOOLEAN
        'string'   | ParamType.STRING
    }

    def "loading never runs a step's body"() {
        when:
        load("runbook 'demo/x', version: '1.0.0', { step 'a', { touch 'a' } }")

        then:
        touch.applied.isEmpty()
    }

    def "the content hash ignores line endings and trailing blanks but not content"() {
        given:
        def text = "runbook 'demo/x', version: '1.0.0', {\n  step 'a', { touch 'a' }\n}\n"

        expect:
        sha(text) == sha(text.replace('\n', '\r\n'))
        sha(text) == sha(text.replace('{\n', '{   \n'))
        sha(text) != sha(text.replace("'a'", "'b'"))
    }

    def "a verb whose name Object has (wait) reaches the verb, with a literal and with a variable"() {
        given:
        def rb = load('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    wait 'literal'
                    def target = 'variable'
                    wait target
                }
            }''')

        expect:
        run(rb) == RunState.SUCCEEDED
        waitVerb.applied == ['a:literal', 'a:variable']
    }

    def "helper methods defined in the file can call verbs while a step runs"() {
        given:
        def rb = load('''
            def touchTwice(String what) {
                touch what
                touch what + '!'
            }
            runbook 'demo/x', version: '1.0.0', {
                step 'a', { touchTwice 'h' }
            }''')

        expect:
        run(rb) == RunState.SUCCEEDED
        touch.applied == ['a:h', 'a:h!']
    }

    def "names built at run time are still checked: #what"() {
        given:
        def rb = load("""
            runbook 'demo/x', version: '1.0.0', {
                step 'a', { $code }
            }""")

        when:
        def outcome = new Runner(verbs, Path.of('/'), [:], RunListener.SILENT).run(rb, [:])

        then:
        outcome.state() == RunState.FAILED
        outcome.problem().message().contains(message)
        outcome.problem().location().toString() == 'demo.groovy:3'

        where:
        what                 | code                              | message
        'a dynamic verb'     | '"tou${\'c\'}hh"(\'x\')'          | "unknown verb 'touchh'"
        'a dynamic property' | 'this."unknown${1}"'              | "unknown name 'unknown1'"
    }

    def "results of earlier verb calls flow into later ones"() {
        given:
        def rb = load('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    def first = touch 'x'
                    touch "${first}-again"
                }
            }''')

        expect:
        run(rb) == RunState.SUCCEEDED
        touch.applied == ['a:x', 'a:X-again']
    }

    def "all static problems in a file are reported together, in line order"() {
        when:
        load('''
            runbook 'demo/x', version: '1.0.0', {
                step 'a', {
                    tuoch 'x'
                    touch 'y', tagret: 'z'
                    nope = 1
                }
            }''')

        then:
        def e = thrown(RunbookException)
        e.problems()*.code() == [ProblemCode.UNKNOWN_VERB, ProblemCode.UNKNOWN_ARGUMENT, ProblemCode.UNKNOWN_PROPERTY]
        e.problems()*.location()*.line() == [4, 5, 6]
    }

    private static String sha(String text) {
        RunbookSource.of(Path.of('x.groovy'), 'x.groovy', text).sha256()
    }
}
