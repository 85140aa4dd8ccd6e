package io.ripcord.cli

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import groovy.json.JsonSlurper
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

import static io.ripcord.cli.CliHarness.ripcord

/**
 * notify's formats against a local server that answers each path the way that service does: it takes a body with
 * the field the service reads (Slack and Mattermost: text, Discord: content, ntfy: a plain body with a Title, json:
 * Ripcord's summary) and refuses anything else with that service's own error. A secret in the message reaches none
 * of them, in any encoding.
 */
class WebhookFormatsSpec extends Specification {

    /** Quotes, a backslash and a slash: the JSON-escaped form differs from the raw one. */
    static final String SECRET = 'hook"pa\\ss/word'

    @TempDir Path dir
    @Shared HttpServer server
    @Shared List<Map> received = new CopyOnWriteArrayList<>()
    static int features = 0

    def setupSpec() {
        server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/slack') { enforce(it, 'application/json', 200, 'ok', 'invalid_payload') { it.text instanceof String && it.text } }
        server.createContext('/mattermost') {
            enforce(it, 'application/json', 200, 'ok', '{"id":"web.incoming_webhook.text.app_error","status_code":400}') {
                it.text instanceof String && it.text
            }
        }
        server.createContext('/discord') {
            enforce(it, 'application/json', 204, '', '{"message": "Cannot send an empty message", "code": 50006}') {
                it.content instanceof String && it.content && it.content.length() <= 2000
            }
        }
        server.createContext('/ntfy') { HttpExchange exchange ->
            String body = new String(exchange.requestBody.readAllBytes(), StandardCharsets.UTF_8)
            received << [path: exchange.requestURI.path, body: body, title: exchange.requestHeaders.getFirst('Title'),
                         type: exchange.requestHeaders.getFirst('Content-Type')]
            boolean ok = body && exchange.requestHeaders.getFirst('Content-Type')?.startsWith('text/plain')
            answer(exchange, ok ? 200 : 400, ok ? '{"id":"x1","event":"message"}' : '{"code":40001,"error":"empty message"}')
        }
        server.createContext('/json') {
            enforce(it, 'application/json', 200, '', 'expected a Ripcord summary') { it.runbook && it.run && it.step && 'message' in it }
        }
        server.start()
    }

    def cleanupSpec() {
        server?.stop(0)
    }

    def setup() {
        received.clear()
    }

    def "format '#format' posts the body #service reads, and the hook takes it"() {
        given:
        Path file = runbook("""
            step 'tell', {
                notify 'http://127.0.0.1:$port/$path', format: '$format', required: true, message: "nightly backup failed (token \${secret('HOOK_TOKEN')})"
            }
        """)

        when:
        def result = run(file)
        Map got = received[0]
        String wire = got.body

        then:
        result.exit == 0
        received.size() == 1
        read(got) == "ripcord demo/hooks@1.0.${features - 1} (run ${runId(result)}, step 'tell'): nightly backup failed (token \${secret:HOOK_TOKEN})"
        !wire.contains('pa\\ss') && !wire.contains('pa\\\\ss') // neither raw nor JSON-escaped
        wire.contains('${secret:HOOK_TOKEN}')
        result.out.contains("notified http://127.0.0.1:$port (HTTP $status)")

        where:
        format       | service       | path         | status | read
        'slack'      | 'Slack'       | 'slack'      | 200    | { Map it -> new JsonSlurper().parseText(it.body).text }
        'mattermost' | 'Mattermost'  | 'mattermost' | 200    | { Map it -> new JsonSlurper().parseText(it.body).text }
        'discord'    | 'Discord'     | 'discord'    | 204    | { Map it -> new JsonSlurper().parseText(it.body).content }
        'ntfy'       | 'ntfy'        | 'ntfy/ops'   | 200    | { Map it -> it.body }
        'json'       | 'a receiver'  | 'json'       | 200    | { Map it -> def j = new JsonSlurper().parseText(it.body); "ripcord $j.runbook@$j.version (run $j.run, step '$j.step'): $j.message" }
    }

    def "ntfy gets a Title naming the runbook and a plain-text body"() {
        given:
        Path file = runbook("""
            step 'tell', { notify 'http://127.0.0.1:$port/ntfy/ops', format: 'ntfy', message: 'done' }
        """)

        when:
        def result = run(file)

        then:
        result.exit == 0
        received[0].title == "ripcord: demo/hooks@1.0.${features - 1}"
        received[0].type == 'text/plain; charset=utf-8'
    }

    def "a hook that refuses the body (#format posted to the #path hook) is a failed notify that says what it answered"() {
        given:
        Path file = runbook("""
            step 'tell', { notify 'http://127.0.0.1:$port/$path', format: '$format', message: 'x' }
        """)

        when:
        def result = run(file)

        then: 'not required: the run goes on, the warning quotes the answer'
        result.exit == 0
        result.all.contains("the webhook at http://127.0.0.1:$port failed (HTTP 400: $answer); going on, it is not required")
        !result.out.contains('notified')

        where:
        format       | path         || answer
        'json'       | 'slack'      || 'invalid_payload'
        'json'       | 'mattermost' || '{"id":"web.incoming_webhook.text.app_error","status_code":400}'
        'slack'      | 'discord'    || '{"message": "Cannot send an empty message", "code": 50006}'
        'discord'    | 'json'       || 'expected a Ripcord summary'
    }

    def "a required hook that refuses the body fails the step with its answer"() {
        given:
        Path file = runbook("""
            step 'tell', { notify 'http://127.0.0.1:$port/slack', format: 'discord', required: true, message: 'x' }
        """)

        when:
        def result = run(file)

        then:
        result.exit == 1
        result.all.contains("notify: the webhook at http://127.0.0.1:$port failed: HTTP 400: invalid_payload")
    }

    def "a hook's answer is masked too: a service echoing the body does not print the secret"() {
        given:
        Path file = runbook("""
            step 'tell', { notify 'http://127.0.0.1:$port/json', format: 'slack', message: "t \${secret('HOOK_TOKEN')}" }
        """)
        // a hook that answers with the token it was configured with (as some echo what they got)
        def echo = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        echo.createContext('/') { it.requestBody.readAllBytes(); answer(it, 401, "bad token $SECRET") }
        echo.start()
        Files.writeString(file, Files.readString(file).replace("$port/json", "${echo.address.port}/echo"))

        when:
        def result = run(file)

        then:
        result.exit == 0
        result.all.contains('failed (HTTP 401: bad token ${secret:HOOK_TOKEN}); going on')
        !result.all.contains('pa\\ss')

        cleanup:
        echo.stop(0)
    }

    def "an unknown format is refused before anything runs, naming the formats"() {
        given:
        Path file = runbook("""
            step 'tell', { notify 'http://127.0.0.1:$port/slack', format: 'teams' }
        """)

        when:
        def result = run(file)

        then:
        result.exit == 2
        result.err.contains("error[INVALID_ARGUMENT]: notify argument 'format' must be one of [json, slack, mattermost, discord, ntfy], got 'teams'")
        received.isEmpty()
    }

    // ---- helpers

    int getPort() {
        server.address.port
    }

    Path runbook(String steps) {
        Path file = dir.resolve('rb.groovy')
        Files.writeString(file, "runbook 'demo/hooks', version: '1.0.${features++}', {\n" + steps.stripIndent().strip() + "\n}\n")
        file
    }

    CliHarness.Result run(Path file) {
        ripcord(cwd: dir, env: CliHarness.defaultEnv() + [HOOK_TOKEN: SECRET], 'run', file.toString())
    }

    static String runId(CliHarness.Result result) {
        (result.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
    }

    /** Takes the request when its body is JSON of the right content type for which {@code accepts} holds; else refuses as the service does. */
    void enforce(HttpExchange exchange, String type, int ok, String okBody, String refusal, Closure<Boolean> accepts) {
        String body = new String(exchange.requestBody.readAllBytes(), StandardCharsets.UTF_8)
        received << [path: exchange.requestURI.path, body: body]
        boolean taken = false
        if (exchange.requestHeaders.getFirst('Content-Type') == type) {
            try {
                def json = new JsonSlurper().parseText(body)
                taken = json instanceof Map && accepts.call(json)
            } catch (Exception ignored) {
                taken = false
            }
        }
        answer(exchange, taken ? ok : 400, taken ? okBody : refusal)
    }

    static void answer(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8)
        exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length)
        if (bytes.length > 0 && status != 204) {
            exchange.responseBody.write(bytes)
        }
        exchange.close()
    }
}
