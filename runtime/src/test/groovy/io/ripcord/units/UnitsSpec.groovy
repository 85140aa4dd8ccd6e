package io.ripcord.units

import spock.lang.Specification

import java.time.Duration

class UnitsSpec extends Specification {

    def "#expression is #millis ms and prints as #printed"() {
        when:
        def span = new GroovyShell().evaluate(expression)

        then:
        span instanceof TimeSpan
        span.toMillis() == millis
        span.toString() == printed

        where:
        expression            | millis     | printed
        '250.milliseconds'    | 250        | '250ms'
        '1.second'            | 1_000      | '1s'
        '30.seconds'          | 30_000     | '30s'
        '1.5.seconds'         | 1_500      | '1.5s'
        '10.minutes'          | 600_000    | '10m'
        '90.minutes'          | 5_400_000  | '1h30m'
        '1.5.hours'           | 5_400_000  | '1h30m'
        '30.days'             | 2_592_000_000 | '30d'
        '1.week'              | 604_800_000 | '7d'
        '1.minutes + 30.seconds' | 90_000  | '1m30s'
        '3 * 10.seconds'      | 30_000     | '30s'
    }

    def "#expression is #bytes bytes and prints as #printed"() {
        when:
        def size = new GroovyShell().evaluate(expression)

        then:
        size == new ByteSize(bytes)
        size.toString() == printed

        where:
        expression | bytes                  | printed
        '512.bytes'| 512                    | '512 B'
        '1.KB'     | 1024                   | '1 KB'
        '1.5.KB'   | 1536                   | '1.5 KB'
        '2.MB'     | 2 * 1024 * 1024        | '2 MB'
        '2.GB'     | 2L * 1024 * 1024 * 1024 | '2 GB'
        '1.TB'     | 1024L ** 4             | '1 TB'
    }

    def "durations compare naturally"() {
        expect:
        new GroovyShell().evaluate('30.seconds < 1.minute && 2.minutes > 90.seconds')
    }

    def "a java.time.Duration of #duration prints as #printed"() {
        expect:
        Durations.format(duration) == printed

        where:
        duration                  | printed
        Duration.ZERO             | '0s'
        Duration.ofMillis(40)     | '40ms'
        Duration.ofMillis(1234)   | '1.2s'
        Duration.ofSeconds(61)    | '1m1s'
        Duration.ofHours(25)      | '1d1h'
    }

    def "what Ripcord prints as a duration reads back as the same duration: #printed"() {
        expect:
        Durations.parse(printed).map { Durations.format(it) } == Optional.of(printed)

        where:
        printed << ['0s', '40ms', '1.2s', '1m1s', '1m30s', '1d1h', '2h', '1d2h3m4s']
    }

    def "a duration is read from #text as #millis ms"() {
        expect:
        Durations.parse(text) == Optional.ofNullable(millis == null ? null : Duration.ofMillis(millis))

        where:
        text        || millis
        '30s'       || 30_000
        '1m30s'     || 90_000
        '1h 30m'    || 5_400_000
        '250ms'     || 250
        '1.5s'      || 1_500
        ' 2d '      || 172_800_000
        '1m30'      || null
        'soon'      || null
        ''          || null
        '-5s'       || null
        '5 seconds' || null
    }
}
