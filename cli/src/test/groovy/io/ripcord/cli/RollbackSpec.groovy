package io.ripcord.cli

import com.sun.net.httpserver.HttpServer
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/** rollbackIf and undo through the CLI: what runs, in which order, how the run ends, what the report says. */
class RollbackSpec extends Specification {

    @TempDir Path dir
    HttpServer server

    def cleanup() {
        server?.stop(0)
    }

    /** Each feature's runbook differs: a version of its own, as a name@version that ran keeps its content. */
    static int features = 0

    Path runbook(String body) {
        Path file = dir.resolve('rb.groovy')
        Files.writeString(file, "runbook 'demo/rollback', version: '1.0.${features++}', {\n" + body.stripIndent().strip() + "\n}\n")
        file
    }

    String runId(CliHarness.Result result) {
        (result.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
    }

    def "without a body, the completed steps' undo blocks run newest first, and the run ends rolled back (exit 3)"() {
        given:
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'prepare', {
                sh 'echo prepare >> $log'
                undo { sh 'echo undo-prepare >> $log' }
            }
            step 'deploy', {
                sh 'echo deploy >> $log'
                undo { sh 'echo undo-deploy-1 >> $log' }
                undo { sh 'echo undo-deploy-2 >> $log' }
            }
            step 'health', {
                sh 'echo health >> $log'
                undo { sh 'echo never >> $log' }
                healthCheck command('grep -q undo-prepare $log')
            }
            rollbackIf { failed 'health' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 3
        Files.readAllLines(log) == ['prepare', 'deploy', 'health', 'undo-deploy-2', 'undo-deploy-1', 'undo-prepare']
        result.err.contains("Run rolled back: demo/rollback@1.0.${features - 1}, step 'health' failed; the rollback ran and was verified")

        when: 'the journal and the report keep it'
        def show = ripcord('show', runId(result))
        def resume = ripcord('resume', runId(result))

        then:
        show.out.contains('ROLLED_BACK')
        show.out.contains("Rollback after step 'health' failed (rollbackIf at line 16): done and verified")
        show.out.contains("restored: undo of step 'deploy'")
        resume.exit == 2
        resume.err.contains('its rollback already ran, so there is nothing to resume')
    }

    def "a condition that does not hold leaves the failure as it is (exit 1) and undoes nothing"() {
        given:
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'deploy', {
                sh 'echo deploy >> $log'
                undo { sh 'echo undo >> $log' }
            }
            step 'migrate', { sh 'exit 1' }
            rollbackIf { failed 'deploy' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 1
        Files.readAllLines(log) == ['deploy']
    }

    def "a rollback that fails says MANUAL INTERVENTION REQUIRED, with what was and was not restored (exit 4)"() {
        given:
        Path file = runbook("""
            step 'one', { sh 'true'; undo { sh 'true' } }
            step 'two', { sh 'true'; undo { sh 'echo cannot put two back >&2; exit 7' } }
            step 'three', { sh 'true'; undo { sh 'true' } }
            step 'four', { sh 'exit 1' }
            rollbackIf { failed() }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 4
        result.err.contains("MANUAL INTERVENTION REQUIRED: the rollback of demo/rollback@1.0.${features - 1} failed")
        result.err.contains("restored:      undo of step 'three'")
        result.err.contains("NOT restored:  undo of step 'two' — stopped at line 3")
        result.err.contains("not attempted: undo of step 'one'")
        ripcord('show', runId(result)).out.contains('ROLLBACK_FAILED')
    }

    def "a rollback is verified by repeating the failed step's health check, and the report has the RTO"() {
        given: 'a service that is healthy only while the flag file exists'
        Path flag = Files.createFile(dir.resolve('healthy'))
        int port = serveHealthWhile(flag)
        Path file = runbook("""
            step 'deploy', { sh 'rm $flag' }
            step 'health', {
                healthCheck http('http://127.0.0.1:$port/health'), retries: 1, interval: 50.milliseconds
            }
            rollbackIf { failed 'health' } then {
                sh 'touch $flag'
            }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())
        def show = ripcord('show', runId(result))
        def json = new groovy.json.JsonSlurper().parseText(ripcord('show', runId(result), '--format', 'json').out)

        then:
        result.exit == 3
        result.out.contains("✓ verify: repeat healthCheck of step 'health' (line 4)")
        result.err =~ /the rollback ran and was verified \(RTO \d+ms\)/
        show.out =~ /RTO: \d+ms \(failure detected .* → rollback verified .*\)/
        json.rollback.verified == true
        json.rollback.rtoMillis >= 0
        json.steps.find { it.name == 'health' }.calls[0].result.attempts.size() == 2
    }

    def "a rollback whose health check still fails is not verified: exit 4"() {
        given:
        Path flag = dir.resolve('never')
        int port = serveHealthWhile(flag)
        Path file = runbook("""
            step 'health', { healthCheck http('http://127.0.0.1:$port/health') }
            rollbackIf { failed 'health' } then { sh 'true' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 4
        result.err.contains("NOT restored:  verify: repeat healthCheck of step 'health' (line 2)")
    }

    def "restoring a backup in the rollback measures the RPO: how old the restored data is"() {
        given:
        Path db = dir.resolve('app.sqlite')
        new ProcessBuilder('sqlite3', db.toString(), 'CREATE TABLE t(x); INSERT INTO t VALUES (1);').start().waitFor()
        Path check = dir.resolve('check.sh')
        Files.writeString(check, 'test "$(sqlite3 ' + db + ' \'SELECT COUNT(*) FROM t\')" = 1\n')
        Path file = runbook("""
            def data = sqlite '$db'
            step 'back up', { backup data, to: '${dir.resolve('backups')}' }
            step 'migrate', { sh "sqlite3 $db 'INSERT INTO t VALUES (2)'" }
            step 'check', { healthCheck command('sh $check') }
            rollbackIf { failed 'check' } then {
                restore lastBackup(data)
            }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())
        assert result.exit == 3: result
        def show = ripcord('show', runId(result))

        then:
        show.out =~ /RPO: \d+(ms|s) \(the restored backup was taken that long before the failure\)/
        ['sqlite3', db.toString(), 'SELECT COUNT(*) FROM t'].execute().text.trim() == '1'
    }

    def "the plan shows both branches: the steps, and what the rollback would do"() {
        given:
        Path file = runbook("""
            step 'deploy', {
                sh 'echo deploy'
                undo { sh 'echo undo deploy' }
            }
            step 'health', { sh 'true' }
            rollbackIf { failed 'health' }
        """)

        when:
        def plan = ripcord(cwd: dir, 'plan', file.toString())
        def json = new groovy.json.JsonSlurper().parseText(ripcord(cwd: dir, 'plan', file.toString(), '--json').out)

        then:
        plan.exit == 0
        plan.out.contains("If a step fails\n\n↩ rollback if failed 'health': undo the completed steps, newest first  (line 7)\n   ! sh: run 'echo undo deploy'  :4")
        json.rollbacks[0].actions[0].summary == "run 'echo undo deploy'"
        json.steps.size() == 2
    }

    def "a crash in the middle of a rollback is resumed: the failure stands, the rollback finishes, nothing completed is repeated"() {
        given: 'the undo of step b kills the ripcord JVM the first time it runs (its shell, left running, is stopped by the resume)'
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'a', { sh 'echo a >> $log'; undo { sh 'echo undo-a >> $log' } }
            step 'b', {
                sh 'echo b >> $log'
                undo { sh 'if [ ! -e $dir/crashed ]; then touch $dir/crashed; echo \$\$ > $dir/undo.pid; kill -9 \$PPID; sleep 120; fi; echo undo-b >> $log' }
            }
            step 'check', { sh 'echo check >> $log'; healthCheck command('grep -q undo-a $log') }
            rollbackIf { failed 'check' }
        """)

        when:
        def crashed = CliHarness.ripcordProcess(cwd: dir, 'run', '--no-plan', file.toString())
        String runId = (crashed.out =~ /Run (\S+)/)[0][1]
        def resumed = CliHarness.ripcordProcess(cwd: dir, 'resume', runId)

        then: 'the failed step is not tried again (it might pass now and run forward over a half-done rollback)'
        crashed.exit == 137
        resumed.exit == 3
        Files.readAllLines(log) == ['a', 'b', 'check', 'undo-b', 'undo-a']
        ripcord('show', runId).out.contains('ROLLED_BACK')

        and: 'the shell the crash left sleeping was stopped by the resume, before it could write undo-b a second time'
        resumed.out.contains("stopped process group ${Files.readString(dir.resolve('undo.pid')).strip()} (sh, 2 processes)")
        !Files.exists(Path.of("/proc/${Files.readString(dir.resolve('undo.pid')).strip()}/cmdline"))
                || Files.readString(Path.of("/proc/${Files.readString(dir.resolve('undo.pid')).strip()}/stat")).contains(') Z ')
    }

    def "a rollback body that fails half-way lists what it did, call by call, and where it stopped"() {
        given:
        Path file = runbook("""
            step 'check', { sh 'exit 1' }
            rollbackIf { failed 'check' } then {
                sh 'true'
                log 'put the image back'
                sh 'exit 3'
                sh 'echo never'
            }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 4
        result.err.contains('restored:      rollback at line 3: sh (line 4)')
        result.err.contains('restored:      rollback at line 3: log (line 5)')
        result.err.contains('NOT restored:  rollback at line 3 — stopped at line 6')
        !result.err.contains('line 7')
    }

    def "a rollback that nothing verifies is not called verified: exit 4, and the operator is told to check"() {
        given:
        Path file = runbook("""
            step 'deploy', { sh 'true'; undo { sh 'true' } }
            step 'migrate', { sh 'exit 1' }
            rollbackIf { failed 'migrate' }
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 4
        result.err.contains("restored:      undo of step 'deploy'")
        result.err.contains("not attempted: verify: no health check ran, in the rollback or in step 'migrate': check the service by hand")
    }

    def "Ctrl-C during a rollback pauses it (exit 7, not 130: the service is half rolled back); resume finishes it"() {
        given:
        Path log = dir.resolve('log')
        Path file = runbook("""
            step 'a', { sh 'echo a >> $log'; undo { sh 'touch $dir/undoing; [ -e $dir/go ] || sleep 60; echo undo-a >> $log' } }
            step 'check', { healthCheck command('grep -q undo-a $log') }
            rollbackIf { failed 'check' }
        """)
        // a journal of its own (the harness's shared one holds every other spec's runs)
        def env = CliHarness.defaultEnv() + [RIPCORD_HOME: dir.resolve('home').toString()]
        def running = CliHarness.startProcess(cwd: dir, env: env, 'run', '--no-plan', file.toString())

        when:
        long deadline = System.currentTimeMillis() + 60_000
        Path undoing = dir.resolve('undoing')
        while (!Files.exists(undoing) && running.process.alive && System.currentTimeMillis() < deadline) sleep 50
        assert Files.exists(undoing) // (a message calling running.finish() would be evaluated first, and wait for the run)
        sleep 300 // the shell is in its sleep by now
        running.signal('INT')
        def interrupted = running.finish()
        String runId = (interrupted.out =~ /Run (\S+)/)[0][1]
        Files.createFile(dir.resolve('go'))
        def resumed = CliHarness.ripcordProcess(cwd: dir, env: env, 'resume', runId)

        then:
        interrupted.exit == 7
        interrupted.err.contains("error[ROLLBACK_INTERRUPTED]: interrupted during the rollback after step 'check' failed")
        resumed.exit == 3
        Files.readAllLines(log) == ['a', 'undo-a']
    }

    def "the plan lists the undo blocks in the order they would run"() {
        given:
        Path file = runbook("""
            step 'one', { sh 'true'; undo { sh 'echo one-1' }; undo { sh 'echo one-2' } }
            step 'two', { sh 'true'; undo { sh 'echo two-1' } }
            step 'check', { sh 'true' }
            rollbackIf { failed 'check' }
        """)

        when:
        def json = new groovy.json.JsonSlurper().parseText(ripcord(cwd: dir, 'plan', file.toString(), '--json').out)

        then:
        json.rollbacks[0].actions*.summary == ["run 'echo two-1'", "run 'echo one-2'", "run 'echo one-1'"]
    }

    int serveHealthWhile(Path flag) {
        server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/health') { exchange ->
            int status = Files.exists(flag) ? 200 : 503
            exchange.sendResponseHeaders(status, -1)
            exchange.close()
        }
        server.start()
        server.address.port
    }
}
