package io.ripcord.dsl

import io.ripcord.exec.ExecutionContext
import io.ripcord.exec.RunListener
import io.ripcord.exec.Runner
import io.ripcord.params.Params
import io.ripcord.plan.Planner
import io.ripcord.problem.ProblemCode
import io.ripcord.problem.RunbookException
import io.ripcord.secret.Redactor
import io.ripcord.verb.RecordingVerb
import io.ripcord.verb.VerbRegistry
import spock.lang.Specification

import java.nio.file.Path

class LineCompilerSpec extends Specification {

    RecordingVerb touch = new RecordingVerb('touch')
    VerbRegistry verbs = new VerbRegistry([touch])
    LineCompiler compiler = new LineCompiler(verbs, Path.of('/'), [:], new Redactor())
    Runner runner = new Runner(verbs, Path.of('/'), [:], RunListener.SILENT)
    Map<String, Object> session = [:]

    /** Compiles and runs a line as step N of an interactive run; returns the line (its value) or throws the problem. */
    LineCompiler.Line type(int n, String code, Map params = [:]) {
        def line = compiler.compile(n, code, session, params.keySet())
        def failure = runner.runStep(n, line.step("#$n"), new Params(params), line.locator())
        if (failure != null) {
            throw new RunbookException(failure)
        }
        line
    }

    def "a line's verbs act at its top level and its value is kept"() {
        when:
        def line = type(1, "touch 'one'")

        then:
        touch.applied == ['#1:one']
        line.value() == 'ONE'
    }

    def "a def on one line is a session variable on the next, in closures too"() {
        when:
        type(1, "def name = 'db'")
        type(2, "def shout = { it.toUpperCase() }")
        def line = type(3, "touch name; [name].collect { shout(it) + name }")

        then:
        session.keySet() == ['name', 'shout'] as Set
        touch.applied == ['#3:db']
        line.value() == ['DBdb']
    }

    def "an unknown verb or name is a problem with the nearest names, at the command's line"() {
        when:
        compiler.compile(4, "def x = 1\ntuoch 'one'", session, [] as Set)

        then:
        def e = thrown(RunbookException)
        e.first().code() == ProblemCode.UNKNOWN_VERB
        e.first().headline() == "unknown verb 'tuoch' at command 4:2 — did you mean touch?"
    }

    def "assigning a name that was never declared is refused; params reads the loaded runbook's parameters"() {
        when:
        compiler.compile(1, 'nope = 3', session, [] as Set)

        then:
        thrown(RunbookException)

        when:
        def line = type(2, "touch params.image", [image: 'app:2'])

        then:
        line.value() == 'APP:2'

        when:
        compiler.compile(3, "touch params.imag", session, ['image'] as Set)

        then:
        def e = thrown(RunbookException)
        e.first().headline().contains('did you mean image?')
    }

    def "a syntax error is reported as such, never run"() {
        when:
        compiler.compile(1, "touch 'one", session, [] as Set)

        then:
        def e = thrown(RunbookException)
        e.first().code() == ProblemCode.SYNTAX_ERROR
        touch.applied.isEmpty()
    }

    def "planned, a line only describes what it would do"() {
        given:
        def line = compiler.compile(1, "def t = touch 'one'\ntouch 'two'", session, [] as Set)

        when:
        def planned = new Planner(verbs, ExecutionContext.Setting.of(Path.of('/'), [:])).planStep(line.step('#1'), new Params([:]), line.locator())

        then:
        planned.actions()*.summary() == ['touch one', 'touch two']
        touch.applied.isEmpty()
    }

    def "input waits for more while a bracket or a triple-quoted string is open"() {
        expect:
        BracketBalance.awaitsMore(text) == more

        where:
        text                               | more
        "touch 'one'"                      | false
        "verify x, expect: {"              | true
        "verify x, expect: {\n it > 0\n}"  | false
        "touch '''one"                     | true
        "touch 'one"                       | false
        "touch 'one')"                     | false
        "[1, 2"                            | true
        "touch '{'"                        | false
    }
}
