package io.ripcord.cli

import com.sun.net.httpserver.HttpServer
import groovy.json.JsonOutput
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

import static io.ripcord.cli.CliHarness.ripcord

/**
 * One redaction boundary: whatever path a secret takes (a lock name, a webhook body, a command's output, encoded
 * or not), the journal file, the console, the report and the webhook see only ${secret:NAME}. Real journal read back
 * with the sqlite3 CLI, a real webhook on loopback, real /bin/sh and base64.
 */
class SecretBoundarySpec extends Specification {

    /** A quote, a backslash and non-ASCII: JSON escapes every one of them. */
    static final String TOKEN = 'p"a\\ss-é✓-wörd-42'
    static final String LOCK_KEY = 'lk-9f3e7a'

    @TempDir Path dir
    HttpServer server
    final List<byte[]> bodies = new CopyOnWriteArrayList<>()

    def cleanup() {
        server?.stop(0)
    }

    def "a secret in a lock name, a webhook body or a command's output, raw or encoded, is masked everywhere"() {
        given:
        int port = hook()
        Path home = dir.resolve('home')
        Path journal = home.resolve('journal.db')
        Files.writeString(dir.resolve('rb.groovy'), """
            runbook 'demo/secrets', version: '1.0.0', {
                lock "deploy-\${secret('LOCK_KEY')}"
                step 'tell', {
                    sh "sqlite3 '$journal' 'SELECT name FROM locks' > lock.txt"
                    notify 'http://127.0.0.1:$port/hook', message: "token \${secret('API_TOKEN')}"
                    sh "printf '%s\\\\n' \${secret('API_TOKEN')}; printf %s \${secret('API_TOKEN')} | base64 -w0"
                }
            }
            """.stripIndent())
        def env = CliHarness.defaultEnv() + [RIPCORD_HOME: home.toString(), API_TOKEN: TOKEN, LOCK_KEY: LOCK_KEY]

        when:
        def run = ripcord(cwd: dir, env: env, 'run', 'rb.groovy')
        def id = ripcord(cwd: dir, env: env, 'runs', '--limit', '1').out.readLines()[1].split(/\s+/)[0]
        def report = ripcord(cwd: dir, env: env, 'show', id, '--format', 'json')
        def page = ripcord(cwd: dir, env: env, 'show', id, '--format', 'html')
        String journalBytes = Files.list(home).withCloseable { files ->
            files.filter { Files.isRegularFile(it) }.collect { new String(Files.readAllBytes(it), StandardCharsets.UTF_8) }.join()
        }
        String body = new String(bodies[0], StandardCharsets.UTF_8)

        then: 'the run worked, and the command saw the exact value'
        run.exit == 0
        run.out.contains('| ${secret:API_TOKEN}')

        and: 'the lock row in the journal names the secret, not its value'
        Files.readString(dir.resolve('lock.txt')) == 'deploy-${secret:LOCK_KEY}\n'

        and: 'the webhook body is masked although JSON escaped the value'
        body.contains('"message":"token ${secret:API_TOKEN}"')

        and: 'no form of either value anywhere'
        page.out.contains('${secret:API_TOKEN}')
        [run.all, report.out, page.out, journalBytes, body].every { text -> forms().every { !text.contains(it) } }
    }

    def "check needs none of the secrets a #reader reads; plan asks for it by name and run resolves it"() {
        given: 'a file that reads API_TOKEN outside any step, as a value verb argument or an option'
        Files.writeString(dir.resolve('rb.groovy'), """
            runbook 'demo/secret-at-load', version: '1.0.0', {
                $declaration
                step 'say', { log 'hello' }
            }
            """.stripIndent())
        def bare = CliHarness.defaultEnv() + [RIPCORD_HOME: dir.resolve('home').toString()]

        when:
        def check = ripcord(cwd: dir, env: bare, 'check', 'rb.groovy')
        def plan = ripcord(cwd: dir, env: bare, 'plan', 'rb.groovy')
        def run = ripcord(cwd: dir, env: bare + [API_TOKEN: TOKEN], 'run', 'rb.groovy')

        then: 'check passes without the variable'
        check.exit == 0
        check.out.contains('ok  rb.groovy  demo/secret-at-load@1.0.0')

        and: 'plan, like run, cannot go on without it and says which one and where'
        plan.exit == 2
        plan.err.contains("error[MISSING_SECRET]: secret 'API_TOKEN' is not available: the environment variable API_TOKEN is not set at rb.groovy:3")

        and: 'with it, the run works and never shows the value'
        run.exit == 0
        forms().every { !run.all.contains(it) }

        where:
        reader          | declaration
        'lock name'     | "lock \"deploy-\${secret('API_TOKEN')}\""
        's3 repository' | "def offsite = s3 's3://bucket/app', accessKey: 'AKIDEXAMPLE', secretKey: secret('API_TOKEN')"
        'postgres'      | "def db = postgres host: '127.0.0.1', database: 'app', user: 'app', password: secret('API_TOKEN')"
    }

    /** The value as is, JSON-escaped, HTML-escaped (the page), and base64. */
    static List<String> forms() {
        String json = JsonOutput.toJson(TOKEN)
        [TOKEN, json.substring(1, json.length() - 1), TOKEN.replace('"', '&quot;'), TOKEN.getBytes('UTF-8').encodeBase64().toString(), LOCK_KEY]
    }

    int hook() {
        server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/hook') { exchange ->
            bodies << exchange.requestBody.readAllBytes()
            exchange.sendResponseHeaders(200, -1)
            exchange.close()
        }
        server.start()
        server.address.port
    }
}
