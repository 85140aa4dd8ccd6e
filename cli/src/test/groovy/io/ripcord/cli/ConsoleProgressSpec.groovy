package io.ripcord.cli

import io.ripcord.verb.ProgressReport
import io.ripcord.verb.VerbCall
import spock.lang.Specification

import java.nio.file.Path
import java.time.Duration

/** How the console shows progress: a live bar redrawn in place on a terminal, a line per milestone elsewhere. */
class ConsoleProgressSpec extends Specification {

    static final ProgressReport QUARTER = new ProgressReport('compressed', 256L << 20, 1L << 30, 85L << 20, Duration.ofSeconds(9), true)
    static final ProgressReport QUARTER_MORE = new ProgressReport('compressed', 300L << 20, 1L << 30, 85L << 20, Duration.ofSeconds(8), false)

    StringWriter written = new StringWriter()

    def output(boolean terminal) {
        def cli = new Cli(new PrintWriter(written), new PrintWriter(new StringWriter()), [:], Path.of('.'), new Styles(false), false, terminal)
        new ConsoleRunListener(cli).verbOutput(new VerbCall('backup', [:], 's', null))
    }

    def "on a terminal the bar is redrawn over itself and gives way to the next line"() {
        given:
        def out = output(true)

        when:
        out.progress(QUARTER)
        out.progress(QUARTER_MORE)
        out.info('wrote app.tar.gz')

        then:
        written.toString() == '\r\u001b[K    compressed [#####···············]  25%  256 MB of 1 GB  85 MB/s  9s left' +
                '\r\u001b[K    compressed [#####···············]  29%  300 MB of 1 GB  85 MB/s  8s left' +
                '\r\u001b[K    wrote app.tar.gz\n'
    }

    def "elsewhere only milestones print, a line each, with no control characters"() {
        given:
        def out = output(false)

        when:
        out.progress(QUARTER)
        out.progress(QUARTER_MORE)

        then:
        written.toString() == '    compressed 256 MB of 1 GB (25%), 85 MB/s, 9s left\n'
    }
}
