package io.ripcord.stdlib

import io.ripcord.plan.ActionKind
import io.ripcord.problem.RunbookException
import io.ripcord.stdlib.log.LogVerb
import io.ripcord.stdlib.pause.WaitVerb
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Path
import java.time.Duration

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.VerbContexts.context

class WaitAndLogVerbSpec extends Specification {

    def "wait pauses for the duration"() {
        given:
        def wait = new WaitVerb()

        when:
        long start = System.nanoTime()
        wait.apply(call(wait, Duration.ofMillis(300)), context(Path.of('/')))

        then:
        Duration.ofNanos(System.nanoTime() - start) >= Duration.ofMillis(300)
    }

    @Timeout(10)
    def "an interrupted wait ends at once"() {
        given:
        def wait = new WaitVerb()
        Throwable thrown = null
        def worker = Thread.start {
            try {
                wait.apply(call(wait, Duration.ofMinutes(10)), context(Path.of('/')))
            } catch (Throwable t) {
                thrown = t
            }
        }

        when:
        sleep 200
        worker.interrupt()
        worker.join()

        then:
        thrown instanceof InterruptedException
    }

    def "wait plans as a wait with its reason"() {
        given:
        def wait = new WaitVerb()

        expect:
        wait.plan(call(wait, [reason: 'drain'], Duration.ofSeconds(90)), context(Path.of('/'))).with {
            kind() == ActionKind.WAIT && summary() == 'wait 1m30s (drain)'
        }
    }

    def "log writes #level messages"() {
        given:
        def log = new LogVerb()
        def output = new VerbContexts.RecordedOutput()

        when:
        log.apply(call(log, [level: level], 'hello'), context(Path.of('/'), output))

        then:
        output.lines == [line]

        where:
        level  | line
        'info' | 'info: hello'
        'warn' | 'warn: hello'
    }

    def "log refuses an unknown level in both halves"() {
        given:
        def log = new LogVerb()

        when:
        log.plan(call(log, [level: 'debug'], 'hello'), context(Path.of('/')))

        then:
        def e = thrown(RunbookException)
        e.first().message() == "log argument 'level' must be one of [info, warn], got 'debug'"
    }
}
