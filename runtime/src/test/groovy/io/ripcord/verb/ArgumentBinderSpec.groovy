package io.ripcord.verb

import io.ripcord.problem.ProblemCode
import io.ripcord.problem.RunbookException
import spock.lang.Specification

import java.time.Duration

class ArgumentBinderSpec extends Specification {

    static final VerbSpec SPEC = new RecordingVerb().spec()

    def "binds #args to #bound"() {
        expect:
        ArgumentBinder.bind(SPEC, args as Object[]) == bound

        where:
        args                                               | bound
        ['db.sqlite']                                      | [target: 'db.sqlite']
        [[target: 'db.sqlite']]                            | [target: 'db.sqlite']
        [[fail: true], 'x']                                | [fail: true, target: 'x']
        [[delay: Duration.ofSeconds(2)], 'x']              | [delay: Duration.ofSeconds(2), target: 'x']
        ["${'g'}string"]                                   | [target: 'gstring']
    }

    def "rejects #args as #code: #message"() {
        when:
        ArgumentBinder.bind(SPEC, args as Object[])

        then:
        def e = thrown(RunbookException)
        e.first().code() == code
        e.first().message() == message

        where:
        args                           | code                          | message
        []                             | ProblemCode.MISSING_ARGUMENT  | "touch needs 'target'"
        [[tagret: 'x']]                | ProblemCode.UNKNOWN_ARGUMENT  | "unknown argument 'tagret' of touch"
        ['a', 'b']                     | ProblemCode.INVALID_ARGUMENT  | 'touch takes at most one value before its named arguments (target), got 2'
        [[target: 'a'], 'b']           | ProblemCode.INVALID_ARGUMENT  | "touch got 'target' twice, as its first value and by name"
        [[delay: 5], 'x']              | ProblemCode.INVALID_ARGUMENT  | "touch argument 'delay' expects a duration like 30.seconds, got 5 (Integer)"
        [[fail: 'yes'], 'x']           | ProblemCode.INVALID_ARGUMENT  | "touch argument 'fail' expects true or false like true, got 'yes' (String)"
    }

    def "an unknown argument comes with the nearest name"() {
        when:
        ArgumentBinder.bind(SPEC, [[tagret: 'x']] as Object[])

        then:
        def e = thrown(RunbookException)
        e.first().didYouMean() == ['target']
    }
}
