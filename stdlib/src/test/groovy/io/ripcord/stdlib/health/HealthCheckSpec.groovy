package io.ripcord.stdlib.health

import com.sun.net.httpserver.HttpServer
import io.ripcord.stdlib.VerbContexts
import io.ripcord.units.Percent
import io.ripcord.verb.VerbFailure
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger

/** healthCheck against real sockets: an HTTP server on loopback, closed ports, real commands, the real file system. */
class HealthCheckSpec extends Specification {

    @TempDir Path dir
    HttpServer server
    final AtomicInteger hits = new AtomicInteger()
    final HealthCheckVerb verb = new HealthCheckVerb()

    /** Serves /health: the n-th request answers what {@code answer(n)} says, [status, body] or a delay to hang. */
    int serve(Closure<List> answer) {
        server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/health') { exchange ->
            List reply = answer(hits.incrementAndGet())
            if (reply[0] == 'hang') {
                Thread.sleep(reply[1] as long)
            }
            byte[] body = (reply[1] ?: '').toString().bytes
            exchange.responseHeaders.add('Content-Type', 'application/health+json')
            exchange.sendResponseHeaders(reply[0] == 'hang' ? 200 : reply[0] as int, body.length ?: -1)
            if (body.length) exchange.responseBody.write(body)
            exchange.close()
        }
        server.executor = java.util.concurrent.Executors.newCachedThreadPool()
        server.start()
        server.address.port
    }

    def cleanup() {
        server?.stop(0)
    }

    Object check(Object... args) {
        verb.apply(VerbContexts.call(verb, args), VerbContexts.context(dir))
    }

    def "an HTTP endpoint is healthy when status, body and JSON fields are as expected"() {
        given:
        int port = serve { [200, '{"status":"pass","checks":{"db":"ok"},"version":2}'] }

        when:
        def report = check([body: 'pass', json: [status: 'pass', 'checks.db': 'ok', version: 2]], new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then:
        report.healthy()
        report.attempts().size() == 1
        report.attempts()[0].detail() == 'HTTP 200'
    }

    def "an unexpected answer fails with what was seen: #why"() {
        given:
        int port = serve { [status, body] }

        when:
        check(options, new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then:
        VerbFailure e = thrown()
        e.message.contains(seen)

        where:
        why                    | status | body                 | options                  || seen
        'a 503'                | 503    | 'down'               | [:]                      || 'HTTP 503 (expected 2xx): down'
        'a status not listed'  | 204    | ''                   | [status: [200, 201]]     || 'HTTP 204 (expected [200, 201])'
        'a range missed'       | 404    | ''                   | [status: 200..299]       || 'HTTP 404 (expected 200–299)'
        'missing body text'    | 200    | 'starting'           | [body: 'ready']          || "the body does not contain 'ready'"
        'a JSON field differs' | 200    | '{"status":"warn"}'  | [json: [status: 'pass']] || "status is 'warn' (expected 'pass')"
        'a JSON field missing' | 200    | '{}'                 | [json: ['a.b': 1]]       || 'a.b is missing'
        'not JSON at all'      | 200    | '<html>'             | [json: [status: 'pass']] || 'the body is not JSON'
    }

    def "every attempt is kept, and the check succeeds once the service comes up"() {
        given: 'a service that answers 503 twice, then 200'
        int port = serve { n -> n <= 2 ? [503, 'starting'] : [200, 'ok'] }
        def output = new VerbContexts.RecordedOutput()

        when:
        def report = verb.apply(VerbContexts.call(verb, [retries: 3, interval: 10.milliseconds], new HttpProbe(URI.create("http://127.0.0.1:$port/health"))),
                VerbContexts.context(dir, output))

        then:
        report.healthy()
        report.attempts()*.ok() == [false, false, true]
        report.attempts()*.detail()[0].startsWith('HTTP 503')
        output.lines.count { it.startsWith('info: unhealthy (attempt') } == 2
        verb.journal(report).attempts.size() == 3
    }

    def "a URL that accepts and never answers fails each attempt at its timeout instead of hanging"() {
        given:
        int port = serve { ['hang', 30_000] }

        when:
        long start = System.nanoTime()
        check([retries: 2, interval: 10.milliseconds, timeout: 300.milliseconds], new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then:
        VerbFailure e = thrown()
        e.message.contains('unhealthy after 3 attempts')
        e.message.contains('no answer within 300ms')
        e.details().attempts.size() == 3
        Duration.ofNanos(System.nanoTime() - start) < Duration.ofSeconds(10)
    }

    def "a closed port is refused at once and the failure carries every attempt for the journal"() {
        given:
        int closed = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }

        when:
        check([retries: 1, interval: 10.milliseconds], new TcpProbe('127.0.0.1', closed))

        then:
        VerbFailure e = thrown()
        e.message == "tcp 127.0.0.1:$closed is unhealthy after 2 attempts in ${e.message.find(/in (\S+):/) { it[1] }}: connection refused"
        e.details().attempts*.ok == [false, false]
    }

    def "an unknown host is named, and the attempt ends"() {
        when:
        check(new TcpProbe('no-such-host.invalid', 80))

        then:
        VerbFailure e = thrown()
        e.message.endsWith("unknown host 'no-such-host.invalid'") || e.message.contains("did not resolve within")
    }

    def "a listening port is healthy"() {
        given:
        def listening = new ServerSocket(0, 1, InetAddress.loopbackAddress)

        expect:
        check(new TcpProbe('127.0.0.1', listening.localPort)).healthy()

        cleanup:
        listening.close()
    }

    def "a command is healthy on exit 0; otherwise its exit and last line are shown, and a slow one is killed"() {
        when:
        def ok = check(new CommandProbe('true'))
        check(new CommandProbe('echo not ready >&2; exit 3'))

        then:
        ok.healthy()
        VerbFailure e = thrown()
        e.message.endsWith('exit 3: not ready')

        when:
        check([timeout: 200.milliseconds], new CommandProbe(['sleep', '30']))

        then:
        VerbFailure slow = thrown()
        slow.message.contains('still running after 200ms; stopped')
    }

    def "disk usage is checked against maxUsed and minFree"() {
        expect:
        check(new DiskProbe(dir, Percent.of(100), null)).healthy()

        when:
        check(new DiskProbe(dir, Percent.of(0), null))

        then:
        VerbFailure used = thrown()
        used.message.contains('(at most 0% allowed)')

        when:
        check(new DiskProbe(dir, null, new io.ripcord.units.ByteSize(Long.MAX_VALUE)))

        then:
        VerbFailure free = thrown()
        free.message.contains('free needed')
    }

    def "failures within the start period do not count against retries"() {
        given: 'down for the first second'
        long upAt = System.currentTimeMillis() + 1000
        int port = serve { System.currentTimeMillis() < upAt ? [503, ''] : [200, ''] }

        when: 'no retries at all, but a start period longer than the outage'
        def report = check([retries: 0, interval: 50.milliseconds, startPeriod: 5.seconds], new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then: 'the failed attempts inside it did not use up the retries: how many there were depends on the machine, not their effect'
        report.healthy()
        !report.attempts().first().ok()
        report.attempts().last().ok()
    }

    def "healthy needs the asked number of successes in a row"() {
        given: 'ok, fail, ok, ok'
        def pattern = [200, 500, 200, 200]
        int port = serve { n -> [pattern[Math.min(n, 4) - 1], ''] }

        when:
        def report = check([successes: 2, retries: 1, interval: 10.milliseconds], new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then:
        report.healthy()
        report.attempts()*.ok() == [true, false, true, true]
    }

    def "backoff multiplies the wait after each failed attempt"() {
        given:
        int port = serve { [500, ''] }

        when:
        check([retries: 3, interval: 50.milliseconds, backoff: 2], new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then:
        VerbFailure e = thrown()
        def at = e.details().attempts*.atMillis
        (at[3] - at[2]) >= 190 // waits of 50, 100 and 200 ms
        (at[1] - at[0]) < 150
    }

    def "a SQLite database is healthy when its query meets expect:, and is never created by the probe"() {
        given:
        Path db = dir.resolve('app.db')
        new ProcessBuilder('sqlite3', db.toString(), 'PRAGMA journal_mode=WAL; CREATE TABLE users(id); INSERT INTO users VALUES (1),(2);').start().waitFor()

        expect:
        check([query: 'SELECT count(*) FROM users', expect: { it > 1 }], new SqliteProbe(db)).healthy()

        when:
        check([query: 'SELECT count(*) FROM users', expect: 5], new SqliteProbe(db))

        then:
        VerbFailure e = thrown()
        e.message.endsWith('SELECT count(*) FROM users returned 2, which does not meet expect: 5')

        when:
        check(new SqliteProbe(dir.resolve('missing.db')))

        then:
        VerbFailure missing = thrown()
        missing.message.endsWith('missing.db does not exist')
        !java.nio.file.Files.exists(dir.resolve('missing.db'))
    }

    def "an option of another kind of probe is refused, never ignored: #options on #probe"() {
        given: 'a server that would pass any check'
        int port = serve { [200, 'pass'] }
        Object target = probe == 'http' ? new HttpProbe(URI.create("http://127.0.0.1:$port/health"))
                : probe == 'tcp' ? new TcpProbe('127.0.0.1', port) : new SqliteProbe(dir.resolve('app.db'))

        when:
        check(options, target)

        then:
        io.ripcord.problem.RunbookException e = thrown()
        e.first().code() == io.ripcord.problem.ProblemCode.INVALID_ARGUMENT
        e.first().message() == "healthCheck: $named not read by a probe of ${target.describe()}: it would check nothing"
        e.first().next() == next
        hits.get() == 0

        where:
        probe    | options                            | named                     | next
        'http'   | [expect: 'ok']                     | 'expect: is'              | 'drop expect:; this probe reads body:, json:, status:'
        'http'   | [query: 'SELECT 1', status: 200]   | 'query: is'               | 'drop query:; this probe reads body:, json:, status:'
        'tcp'    | [expect: 1, body: 'up']            | 'body:, expect: are'      | 'drop body:, expect: (status:, body:, json: are for http(url); query:, expect: for postgres(...) and sqlite(path))'
        'sqlite' | [status: 200]                      | 'status: is'              | 'drop status:; this probe reads expect:, query:'
    }

    def "a slow answer fails when maxLatency is given"() {
        given:
        int port = serve { ['hang', 200] }

        when:
        check([maxLatency: 50.milliseconds], new HttpProbe(URI.create("http://127.0.0.1:$port/health")))

        then:
        VerbFailure e = thrown()
        e.message.contains('but took')
    }
}
