package io.ripcord.stdlib.storage

import io.ripcord.verb.ProgressReport
import io.ripcord.verb.VerbOutput
import spock.lang.Specification

import java.time.Duration

/** Progress on a clock the spec moves: quiet for the first second, then reports, of which tenths are milestones. */
class ProgressSpec extends Specification {

    static final long SECOND = 1_000_000_000L

    List<ProgressReport> reports = []
    VerbOutput output = new VerbOutput() {
        @Override void info(String message) { }
        @Override void warn(String message) { }
        @Override void output(String line) { }
        @Override void progress(ProgressReport report) { reports << report }
    }

    def "work of a known size: nothing in the first second, then a report each step, milestones at each new tenth"() {
        given: 'a clock at 0 that each advance moves by half a second'
        long now = 0
        def progress = new Progress(output, 'compressed', 1000, { now })

        when: '100 bytes every half second'
        10.times { now += SECOND.intdiv(2); progress.advance(100) }

        then:
        reports*.done == [200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 1000L]
        reports*.milestone == [true] * 9
        reports[0] == new ProgressReport('compressed', 200, 1000, 200, Duration.ofSeconds(4), true)
        reports[0].line() == 'compressed 200 B of 1000 B (20%), 200 B/s, 4s left'
        reports.last().line() == 'compressed 1000 B of 1000 B (100%), 200 B/s, 0s left'
    }

    def "reports come at most every fifth of a second, and only a new tenth is a milestone"() {
        given:
        long now = 0
        def progress = new Progress(output, 'archived', 10_000, { now })

        when: 'a byte-sized advance every 50 ms for 3 s'
        60.times { now += 50_000_000L; progress.advance(50) }

        then: 'from 1 s on, a report each 200 ms: 1.0, 1.2, … 3.0 s'
        reports.size() == 11
        reports*.done == (20..60).step(4).collect { it * 50L }
        reports.findAll { it.milestone }*.percent() == [10, 20, 30]
    }

    def "work of an unknown size has a milestone every 10 s and no time left"() {
        given:
        long now = 0
        def progress = new Progress(output, 'dumped', 0, { now })

        when:
        25.times { now += SECOND; progress.advance(1000) }

        then:
        reports.size() == 25
        reports.findAll { it.milestone }*.done == [10_000L, 20_000L]
        reports.every { it.eta == null && it.percent() == -1 }
        reports[0].line() == 'dumped 1000 B, 1000 B/s'
    }

    def "work that ends within a second reports nothing"() {
        given:
        long now = 0
        def progress = new Progress(output, 'copied', 100, { now })

        when:
        4.times { now += 200_000_000L; progress.advance(25) }

        then:
        reports == []
    }

    def "a stream read through ProgressInputStream reports every byte read, however it is read"() {
        given: 'a clock that each read moves by half a second'
        long now = 0
        def progress = new Progress(output, 'verified', 1000, { now += SECOND.intdiv(2); now })
        def stream = new ProgressInputStream(new ByteArrayInputStream(new byte[1000]), progress)

        when:
        stream.read()
        stream.read(new byte[99])
        stream.skip(400)
        stream.readAllBytes()

        then:
        reports*.phase == ['verified'] * reports.size()
        reports*.done == [100L, 500L, 1000L] // quiet in its first second, then each read: 1 + 99, + 400 skipped, + the 500 left
    }
}
