package io.ripcord.stdlib

import io.ripcord.stdlib.command.ShVerb
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.VerbContexts.context

/**
 * A secret interpolated into an sh command reaches it through its environment: any user can read a process's
 * /proc/PID/cmdline while it runs, only its owner its environment. Real /bin/sh, real /proc.
 */
class ShSecretsSpec extends Specification {

    /** Everything a shell would mangle if the value were pasted into the text raw; the token finds it in /proc. */
    static final String TOKEN = 'Zq7tok' + UUID.randomUUID().toString().substring(0, 8)
    static final String SECRET = "${TOKEN} it's \"quoted\" \\back\\slash \$HOME `id` \$(id) a  b * ; é\nsecond line"

    ShVerb sh = new ShVerb()
    Path dir = Files.createTempDirectory('ripcord-sh-secret')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    @Timeout(30)
    @Unroll
    def "a secret #where reaches the command whole, and no command line holds it while it runs"() {
        given: 'the command writes what it received, then waits until the spec has looked at /proc'
        String command = writes.replace('SECRET', SECRET) + "\nwhile [ ! -f go ]; do sleep 0.02; done"

        when:
        def running = CompletableFuture.supplyAsync { sh.apply(call(sh, command), context(dir, [API_KEY: SECRET])) }
        waitFor { Files.exists(dir.resolve('done')) || running.isDone() }
        def seen = commandLinesHolding(TOKEN)
        Files.createFile(dir.resolve('go'))
        running.get()

        then:
        seen == []
        Files.readString(dir.resolve('out')) == SECRET + trailing

        where:
        where                           | writes                                                               | trailing
        'bare'                          | 'printf %s SECRET > out; touch done'                                 | ''
        "inside '…'"                    | "printf %s 'SECRET' > out; touch done"                               | ''
        'inside "…"'                    | 'printf %s "SECRET" > out; touch done'                               | ''
        'in a $( ) inside "…"'          | 'printf %s "$(printf %s SECRET)" > out; touch done'                  | ''
        'after a comment with a quote'  | "# it's a comment\nprintf %s SECRET > out; touch done"               | ''
        'in a here-document'            | 'cat > out <<EOF\nSECRET\nEOF\ntouch done'                           | '\n'
        "in a quoted here-document"     | "cat > out <<'EOF'\nSECRET\nEOF\ntouch done"                         | '\n'
    }

    def "a command without secrets runs as written"() {
        when:
        def result = sh.apply(call(sh, 'echo "$0" plain'), context(dir, [API_KEY: SECRET]))

        then:
        result.text == '/bin/sh plain'
    }

    /** The pids whose command line contains {@code text} (processes that end while being read are skipped). */
    static List<String> commandLinesHolding(String text) {
        Files.list(Path.of('/proc')).withCloseable { entries ->
            entries.filter { it.fileName.toString() ==~ /\d+/ }.findAll { Path proc ->
                try {
                    new String(Files.readAllBytes(proc.resolve('cmdline')), 'UTF-8').contains(text)
                } catch (IOException ignored) {
                    false
                }
            }.collect { it.fileName.toString() }
        }
    }

    static void waitFor(Closure<Boolean> condition) {
        long deadline = System.nanoTime() + 20_000_000_000L
        while (!condition()) {
            assert System.nanoTime() < deadline: 'the command did not get there within 20s'
            Thread.sleep(10)
        }
    }
}
