package io.ripcord.stdlib

import io.ripcord.plan.ActionKind
import io.ripcord.stdlib.command.ShVerb
import io.ripcord.verb.VerbFailure
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.VerbContexts.context

/** sh against the real /bin/sh and real child processes. */
class ShVerbSpec extends Specification {

    ShVerb sh = new ShVerb()
    Path dir = Files.createTempDirectory('ripcord-sh')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "runs a shell command, streams and captures its output"() {
        given:
        def output = new VerbContexts.RecordedOutput()

        when:
        def result = sh.apply(call(sh, 'echo out; echo err >&2; printf "two\\nlines\\n"'), context(dir, output))

        then:
        result.exitCode == 0
        result.stdout == 'out\ntwo\nlines\n'
        result.stderr == 'err\n'
        result.toString() == 'out\ntwo\nlines'
        output.lines.containsAll(['| out', '| err', '| two', '| lines'])
    }

    def "a list runs without a shell, so nothing in it is interpreted"() {
        when:
        def result = sh.apply(call(sh, ['echo', '$HOME', '*']), context(dir))

        then:
        result.text == '$HOME *'
    }

    def "env adds variables and dir sets the working directory"() {
        given:
        Files.createDirectories(dir.resolve('sub'))

        when:
        def result = sh.apply(call(sh, [env: [GREETING: 'hi'], dir: 'sub'], 'echo "$GREETING from $(basename "$PWD")"'), context(dir))

        then:
        result.text == 'hi from sub'
    }

    def "a non-zero exit fails with the status, the command and the last lines of stderr"() {
        when:
        sh.apply(call(sh, 'echo working; for i in 1 2 3 4 5 6 7; do echo "line $i" >&2; done; exit 3'), context(dir))

        then:
        def e = thrown(VerbFailure)
        e.message.startsWith("command exited with status 3: 'echo working;")
        e.message.contains('line 7')
        e.message.contains('line 3')
        !e.message.contains('line 2')
        e.next() != null
    }

    @Timeout(20)
    def "a command past its timeout is stopped with its children, and says so"() {
        given:
        def pidFile = dir.resolve('child.pid')

        when:
        long start = System.nanoTime()
        sh.apply(call(sh, [timeout: Duration.ofSeconds(1)], "sleep 60 & echo \$! > '$pidFile'; echo started; wait"), context(dir))

        then:
        def e = thrown(VerbFailure)
        e.message.startsWith('command timed out after 1s and was stopped')
        e.message.contains('started')
        Duration.ofNanos(System.nanoTime() - start) < Duration.ofSeconds(10)

        and: 'the grandchild is gone too'
        def child = ProcessHandle.of(Files.readString(pidFile).trim() as long)
        !child.isPresent() || child.get().onExit().get().isAlive() == false
    }

    def "a missing program and a missing directory are clear failures"() {
        when:
        sh.apply(call(sh, ['/nonexistent/program']), context(dir))

        then:
        def e = thrown(VerbFailure)
        e.message.startsWith("cannot start [/nonexistent/program]")

        when:
        sh.apply(call(sh, [dir: 'nope'], 'true'), context(dir))

        then:
        e = thrown(VerbFailure)
        e.message == "working directory ${dir.resolve('nope')} does not exist"
    }

    def "the plan names the command and timeout, and env names but never values"() {
        when:
        def action = sh.plan(call(sh, [env: [TOKEN: 's3cret'], timeout: Duration.ofSeconds(30)], 'deploy.sh'), context(dir))

        then:
        action.kind() == ActionKind.RUN
        action.summary() == "run 'deploy.sh'"
        action.details() == [timeout: '30s', env: 'TOKEN']
        !action.toString().contains('s3cret')
    }
}
