package io.ripcord.cli

import com.sun.net.httpserver.HttpServer
import groovy.json.JsonSlurper
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

import static io.ripcord.cli.CliHarness.ripcord

/** confirm (approval at the terminal, --yes, --approve STEP, refused without) and notify (a real webhook on loopback). */
class ConfirmAndNotifySpec extends Specification {

    @TempDir Path dir
    HttpServer server
    final List<Map> received = new CopyOnWriteArrayList<>()

    def cleanup() {
        server?.stop(0)
    }

    /** Each feature's runbook differs (its marker path): a version of its own, as a name@version keeps its content. */
    static int features = 0

    Path runbook(String steps) {
        Path file = dir.resolve('rb.groovy')
        Files.writeString(file, "runbook 'demo/approve', version: '1.0.${features++}', {\n" + steps.stripIndent().strip() + "\n}\n")
        file
    }

    def "a confirm #how"() {
        given:
        Path marker = dir.resolve('restored')
        Path file = runbook("""
            step 'restore', {
                confirm 'Restore production from last night?'
                sh 'touch $marker'
            }
        """)

        when:
        def result = ripcord([cwd: dir], (['run', file.toString()] + options) as String[])

        then:
        result.exit == exit
        Files.exists(marker) == (exit == 0)
        result.all.contains(says)

        where:
        how                                             | options                      || exit | says
        'is approved for the whole run with --yes'      | ['--yes']                    || 0    | 'approved (--yes)'
        'is approved for its step with --approve'       | ['--approve', 'restore']     || 0    | "approved (--approve 'restore')"
        'of another step is not approved'               | ['--approve', 'deploy']      || 1    | "not approved: Restore production from last night? (no terminal to ask"
        'without a terminal is refused, nothing waits'  | []                           || 1    | "next: when it is right to go on: resume with --approve 'restore'"
    }

    def "a refused confirm can be approved on resume, and the approval is journaled"() {
        given:
        Path file = runbook("""
            step 'restore', { confirm 'Go?' }
        """)
        def first = ripcord(cwd: dir, 'run', file.toString())
        String runId = (first.out =~ /Run (\S+)/)[0][1]

        when:
        def resumed = ripcord(cwd: dir, 'resume', runId, '--approve', 'restore')
        def json = new JsonSlurper().parseText(ripcord('show', runId, '--format', 'json').out)

        then:
        first.exit == 1
        resumed.exit == 0
        json.steps[0].calls.find { it.state == 'COMPLETED' }.result == [approved: true, how: "--approve 'restore'"]
    }

    def "at a terminal the operator answers the question"() {
        given:
        Path file = runbook("""
            step 'restore', { confirm 'Go?' }
        """)

        when: 'run under a pseudo-terminal (script), answering y'
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        String command = "$java -cp ${System.getProperty('java.class.path')} io.ripcord.cli.Main run --no-plan ${file}"
        def process = new ProcessBuilder('script', '-qec', command, '/dev/null').directory(dir.toFile())
        process.environment().put('RIPCORD_HOME', CliHarness.HOME.toString())
        def p = process.redirectErrorStream(true).start()
        p.outputStream.withWriter { it.write('y\n') }
        String out = p.inputStream.text
        p.waitFor()

        then:
        p.exitValue() == 0
        out.contains('Go? [y/N]')
        out.contains("approved (answered 'y' at the terminal)")
    }

    def "notify POSTs the run summary to the webhook"() {
        given:
        int port = hook(200)
        Path file = runbook("""
            step 'tell', {
                sh 'true'
                notify 'http://127.0.0.1:$port/hook/T0KEN', message: 'deploy done'
            }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 0
        received.size() == 1
        received[0].runbook == 'demo/approve'
        received[0].step == 'tell'
        received[0].message == 'deploy done'
        received[0].run ==~ /\d{8}-\d{6}-[0-9a-f]{4}/
        received[0].calls == [[step: 'tell', verb: 'sh']]
        result.out.contains('notified http://127.0.0.1:' + port)
        !result.out.contains('T0KEN')
    }

    def "a failing webhook only warns, unless it is required"() {
        given:
        int port = hook(500)
        Path file = runbook("""
            step 'tell', { notify 'http://127.0.0.1:$port/hook', message: 'x', required: $required }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == exit
        result.all.contains(says)

        where:
        required || exit | says
        false    || 0    | 'the webhook at http://127.0.0.1'
        true     || 1    | 'notify: the webhook at http://127.0.0.1'
    }

    int hook(int status) {
        server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/hook') { exchange ->
            received << (Map) new JsonSlurper().parse(exchange.requestBody)
            exchange.sendResponseHeaders(status, -1)
            exchange.close()
        }
        server.start()
        server.address.port
    }
}
