package io.ripcord.verb

import io.ripcord.units.ByteSize
import io.ripcord.units.TimeSpan
import org.codehaus.groovy.runtime.GStringImpl
import spock.lang.Specification

import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit

class TextSpec extends Specification {

    static final String ENV = 'prod'

    def "a GString renders exactly as Groovy renders it, whatever it interpolates: #value"() {
        given:
        GString text = "before ${value} after"

        expect:
        Text.of(text) == text.toString()

        where:
        value << ['text', "nested ${1 + 1}", new StringBuilder('built'), 42, 4.5G, -7L, 1.5d, true, 'c' as char, null,
                  ChronoUnit.SECONDS, Path.of('/srv/data'), new File('/tmp/x'), Instant.parse('2026-11-21T10:00:00Z'),
                  Duration.ofSeconds(90), new TimeSpan(Duration.ofSeconds(30)), new ByteSize(1024),
                  // rendered by Groovy itself
                  [1, 'a'], [k: 'v'], ['x', 'y'] as String[], [1, 2] as int[], 1..3, { -> 'from a closure' }]
    }

    def "#value is rendered without asking Groovy"() {
        given: 'a GString that fails if Groovy renders it'
        def text = new RenderedByGroovyFails([value] as Object[], ['a ', ' b'] as String[])

        expect:
        Text.of(text) == new GStringImpl([value] as Object[], ['a ', ' b'] as String[]).toString()

        where:
        value << ['text', 42, true, ChronoUnit.DAYS, Path.of('/srv'), new TimeSpan(Duration.ofSeconds(5)), null]
    }

    def "#value is left to Groovy, which formats it its own way"() {
        when:
        Text.of(new RenderedByGroovyFails([value] as Object[], ['a ', ' b'] as String[]))

        then:
        thrown(RenderedByGroovy)

        where:
        value << [[1, 2], [k: 'v'], { -> 'closure' }, new ByteArrayInputStream(new byte[0])]
    }

    static class RenderedByGroovy extends RuntimeException {
    }

    static class RenderedByGroovyFails extends GStringImpl {
        RenderedByGroovyFails(Object[] values, String[] strings) { super(values, strings) }

        @Override
        String toString() { throw new RenderedByGroovy() }
    }

    def "plain text comes back as it is"() {
        expect:
        Text.of('plain') == 'plain'
        Text.of(new StringBuilder('sb')) == 'sb'
    }

    def "text inside #type arguments reaches the verb as plain Strings"() {
        when:
        def checked = type.check(value)
        def texts = checked instanceof Map ? checked.values().toList() : checked
        def keys = checked instanceof Map ? checked.keySet().toList() : []

        then:
        texts == expected
        texts.every { it.getClass() == String }
        keys.every { it.getClass() == String }

        where:
        type            | value                                              | expected
        ArgType.MAP     | [HOST: "db-${ENV}", PORT: '5432']                  | ['db-prod', '5432']
        ArgType.COMMAND | ['pg_dump', "--dbname=app_${ENV}", 'plain']        | ['pg_dump', '--dbname=app_prod', 'plain']
    }

    def "a map key written as a GString reaches the verb as a String"() {
        when:
        Map checked = ArgType.MAP.check([("${ENV}_HOST"): 'db'])

        then:
        checked.keySet()*.getClass() == [String]
        checked == [prod_HOST: 'db']
    }
}
