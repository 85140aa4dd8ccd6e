package io.ripcord.cli

import com.sun.net.httpserver.HttpServer
import groovy.json.JsonSlurper
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import java.util.regex.Pattern

import static io.ripcord.cli.CliHarness.ripcord

/**
 * A runbook's onFailure { } block: it runs once a run has failed or rolled back (after the rollback), is journaled as
 * a step of its own, and never changes how the run ended; its own failure is a warning beside the run's.
 */
class OnFailureSpec extends Specification {

    @TempDir Path dir
    HttpServer server
    final List<Map> received = new CopyOnWriteArrayList<>()
    static int features = 0

    def cleanup() {
        server?.stop(0)
    }

    def "a failed run runs its onFailure block after the failure and still ends with the step's failure"() {
        given:
        int port = slackHook()
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'back up', {
                sh 'echo backup >> $log'
                sh 'exit 4'
            }
            step 'never', { sh 'echo never >> $log' }
            onFailure {
                sh 'echo told >> $log'
                notify 'http://127.0.0.1:$port/hook', format: 'slack', message: 'nightly backup failed'
            }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())
        def json = new JsonSlurper().parseText(ripcord('show', runId(result), '--format', 'json').out)

        then: 'the run failed with the step, and the block ran after it'
        result.exit == 1
        Files.readAllLines(log) == ['backup', 'told']
        result.err.contains("step 'back up' failed: sh: ")
        result.out.contains('onFailure: the run failed; running the block at line 7')
        received*.text == ["ripcord demo/on-failure@1.0.${features - 1} (run ${runId(result)}, step 'onFailure'): nightly backup failed"]

        and: 'the journal keeps the block as a step of its own, after the failed one'
        json.state == 'FAILED'
        json.steps*.name == ['back up', 'onFailure']
        json.steps*.state == ['FAILED', 'SUCCEEDED']
        json.steps[1].calls*.verb == ['sh', 'notify']
    }

    def "after a rollback the block runs last, and the run stays rolled back (exit 3)"() {
        given:
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'deploy', {
                sh 'echo deploy >> $log'
                undo { sh 'echo undo >> $log' }
            }
            step 'health', { healthCheck command('grep -q undo $log') }
            rollbackIf { failed 'health' }
            onFailure { sh 'echo told >> $log' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())
        def json = new JsonSlurper().parseText(ripcord('show', runId(result), '--format', 'json').out)

        then:
        result.exit == 3
        Files.readAllLines(log) == ['deploy', 'undo', 'told']
        result.out.contains('onFailure: the run rolled back; running the block at line 8')
        json.state == 'ROLLED_BACK'
        json.steps*.name == ['deploy', 'health', 'rollback', 'onFailure']
    }

    def "the block reads the run's failure: #ending, the step that failed, its code, message and exit code"() {
        given:
        int port = slackHook()
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'deploy', {
                sh 'echo deploy >> $log'
                undo { sh 'echo undo >> $log' }
            }
            step 'health', { healthCheck command('grep -q undo $log') }
            ${rollback}
            onFailure {
                notify 'http://127.0.0.1:$port/hook', format: 'slack',
                       message: "\${failure.state} after step '\${failure.step}' (\${failure.code}, exit \${failure.exitCode}): \${failure.message}"
                log "as text: \${failure}"
            }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == exit
        received.size() == 1
        received[0].text ==~ Pattern.quote("ripcord demo/on-failure@1.0.${features - 1} (run ${runId(result)}, step 'onFailure'): " +
                "$ending after step 'health' (STEP_FAILED, exit $exit): ") + HEALTH_FAILED
        result.out.readLines().any { it ==~ /\s*as text: $HEALTH_FAILED/ }

        where:
        ending        | rollback                    || exit
        'FAILED'      | ''                          || 1
        'ROLLED_BACK' | "rollbackIf { failed 'health' }" || 3
    }

    /** The failed step's message, as the run printed it (its timing varies). */
    static final String HEALTH_FAILED = /step 'health' failed: healthCheck: command 'grep -q undo \S+' is unhealthy after 1 attempt in \d+ms: exit 1/

    def "an onFailure block that fails is reported, and the run's own failure is the one it ends with"() {
        given:
        Path file = runbook("""
            step 'back up', { sh 'exit 4' }
            onFailure { notify 'http://127.0.0.1:1/hook', format: 'slack', required: true, message: 'x' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())
        def json = new JsonSlurper().parseText(ripcord('show', runId(result), '--format', 'json').out)

        then:
        result.exit == 1
        result.all.contains("warning: the onFailure block failed (step 'onFailure' failed: notify: the webhook at http://127.0.0.1:1 failed: connection refused); the run's own failure stands")
        result.err.contains("step 'back up' failed: sh: ")
        json.steps*.state == ['FAILED', 'FAILED']
        json.error.startsWith("step 'back up' failed")
    }

    def "a run that succeeds does not run the block"() {
        given:
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'back up', { sh 'echo backup >> $log' }
            onFailure { sh 'echo told >> $log' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 0
        Files.readAllLines(log) == ['backup']
    }

    def "a resume after the block acts from the failed call on: the block's calls are not replayed"() {
        given:
        Path marker = dir.resolve('ready')
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'wait for it', {
                sh 'echo try >> $log'
                sh 'test -f $marker'
                sh 'echo after >> $log'
            }
            onFailure { sh 'echo told >> $log' }
        """)
        def first = ripcord(cwd: dir, 'run', file.toString())
        Files.writeString(marker, '')

        when:
        def resumed = ripcord(cwd: dir, 'resume', runId(first))

        then:
        first.exit == 1
        resumed.exit == 0
        Files.readAllLines(log) == ['try', 'told', 'after']
    }

    def "check and plan show the block; #what is refused"() {
        given:
        Path file = runbook(body)

        when:
        def result = ripcord(cwd: dir, 'check', file.toString())

        then:
        result.exit == 2
        result.err.contains(says)

        where:
        what                          | body                                                                               || says
        'a second onFailure'          | "step 'a', { sh 'true' }\nonFailure { sh 'true' }\nonFailure { sh 'true' }"        || 'onFailure is declared twice (first at line 3)'
        'an undo inside it'           | "step 'a', { sh 'true' }\nonFailure { undo { sh 'true' } }"                        || "'undo' belongs in a step, not in onFailure"
        'a step named onFailure'      | "step 'onFailure', { sh 'true' }"                                                  || "the step name 'onFailure' is reserved"
        'onFailure inside a step'     | "step 'a', { onFailure { sh 'true' } }"                                            || "'onFailure' belongs directly inside runbook { }, not inside a step"
        'a member failure lacks'      | "step 'a', { sh 'true' }\nonFailure { log failure.stepp }"                         || "unknown member 'stepp' of failure at "
        'failure outside onFailure'   | "step 'a', { log failure.step }"                                                   || "unknown name 'failure' at "
    }

    def "plan lists the block with the rollbacks, under 'If a step fails'"() {
        given:
        Path file = runbook("""
            step 'a', { sh 'true' }
            onFailure { sh "echo told: \${failure.step}" }
        """)

        when:
        def result = ripcord(cwd: dir, 'plan', file.toString())

        then:
        result.exit == 0
        result.out.contains('If a step fails')
        result.out.contains('↩ onFailure, after any rollback  (line 3)')
        result.out.contains("echo told: <failure.step>")
    }

    // ---- helpers

    Path runbook(String body) {
        Path file = dir.resolve('rb.groovy')
        Files.writeString(file, "runbook 'demo/on-failure', version: '1.0.${features++}', {\n" + body.stripIndent().strip() + "\n}\n")
        file
    }

    static String runId(CliHarness.Result result) {
        (result.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
    }

    /** A hook that, like Slack, takes only a JSON body with text. */
    int slackHook() {
        server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/hook') { exchange ->
            Map body = (Map) new JsonSlurper().parse(exchange.requestBody)
            boolean ok = body.text instanceof String
            if (ok) {
                received << body
            }
            byte[] answer = (ok ? 'ok' : 'no_text').getBytes(StandardCharsets.UTF_8)
            exchange.sendResponseHeaders(ok ? 200 : 400, answer.length)
            exchange.responseBody.write(answer)
            exchange.close()
        }
        server.start()
        server.address.port
    }
}
