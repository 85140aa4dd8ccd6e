package io.ripcord.params

import io.ripcord.problem.ProblemCode
import io.ripcord.problem.RunbookException
import io.ripcord.units.ByteSize
import io.ripcord.units.TimeSpan
import spock.lang.Specification

class ParamResolverSpec extends Specification {

    def "text '#text' converts to #type as #value"() {
        expect:
        type.fromText(text) == value

        where:
        type                | text    | value
        ParamType.STRING    | ' a b ' | ' a b '
        ParamType.INTEGER   | '42'    | 42
        ParamType.LONG      | '9000000000' | 9_000_000_000L
        ParamType.BOOLEAN   | 'yes'   | true
        ParamType.BOOLEAN   | 'false' | false
        ParamType.DURATION  | '30s'   | TimeSpan.ofMillis(30_000)
        ParamType.DURATION  | '1.5h'  | TimeSpan.ofMillis(5_400_000)
        ParamType.SIZE      | '2GB'   | new ByteSize(2L * 1024 * 1024 * 1024)
        ParamType.SIZE      | '512b'  | new ByteSize(512)
    }

    def "text '#text' is not a #type"() {
        when:
        type.fromText(text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == type.expected

        where:
        type               | text
        ParamType.INTEGER  | '4.5'
        ParamType.BOOLEAN  | 'maybe'
        ParamType.DURATION | '30'
        ParamType.SIZE     | 'big'
    }

    def "a size or duration too large to hold is refused, not an internal error"() {
        when:
        type.fromText(text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.endsWith('(this one is too large)')

        where:
        type               | text
        ParamType.SIZE     | '99999999999TB'
        ParamType.DURATION | '999999999999999999d'
    }

    def "every unknown, missing and malformed value is reported at once"() {
        given:
        def specs = [new ParamSpec('image', ParamType.STRING, true, null, 'the image', null),
                     new ParamSpec('retries', ParamType.INTEGER, false, 3, null, null)]

        when:
        ParamResolver.resolve(specs, [retries: 'many', imgae: 'x'], 'demo/x@1.0.0')

        then:
        def e = thrown(RunbookException)
        e.problems()*.code() as Set == [ProblemCode.UNKNOWN_PARAMETER, ProblemCode.MISSING_PARAMETER, ProblemCode.INVALID_PARAMETER_VALUE] as Set
        e.problems().find { it.code() == ProblemCode.UNKNOWN_PARAMETER }.didYouMean() == ['image']
    }

    def "defaults fill what was not given and given values are typed"() {
        given:
        def specs = [new ParamSpec('image', ParamType.STRING, true, null, null, null),
                     new ParamSpec('retries', ParamType.INTEGER, false, 3, null, null),
                     new ParamSpec('note', ParamType.STRING, false, null, null, null)]

        expect:
        ParamResolver.resolve(specs, [image: 'app:2'], 'x') == [image: 'app:2', retries: 3, note: null]
        ParamResolver.resolve(specs, [image: 'app:2', retries: '7'], 'x').retries == 7
    }
}
