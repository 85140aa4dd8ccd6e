package io.ripcord.cli

import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/** Two real processes, one journal, one lock. */
@Timeout(120)
class LockSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-lock')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]

    def setup() {
        Files.writeString(dir.resolve('locked.groovy'), '''\
            runbook 'demo/locked', version: '1.0.0', {
                lock 'demo-db'
                step 'hold', {
                    sh 'echo $$ >> holders.txt; sleep 3'
                }
            }
            '''.stripIndent())
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "a second run of the same lock exits 5 at once, naming the holder"() {
        given:
        def first = startProcess(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)
        while (!Files.exists(dir.resolve('holders.txt'))) sleep 50

        when:
        long start = System.nanoTime()
        def second = ripcord(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)
        long tookMillis = (System.nanoTime() - start) / 1_000_000

        then:
        second.exit == 5
        second.err.contains("lock 'demo-db' is held by run ")
        second.err.contains("(pid ${first.process.pid()})")
        second.err.contains('ripcord unlock demo-db')
        tookMillis < 2500

        and:
        first.finish().exit == 0
        Files.readAllLines(dir.resolve('holders.txt')).size() == 1
    }

    def "two runs racing for the lock: exactly one proceeds"() {
        when:
        def a = startProcess(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)
        def b = startProcess(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)
        def exits = [a.finish().exit, b.finish().exit].sort()

        then:
        exits == [0, 5]
        Files.readAllLines(dir.resolve('holders.txt')).size() == 1
    }

    def "a holder killed with SIGKILL does not block the next run, and unlock breaks a lock and journals it"() {
        given:
        def victim = startProcess(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)
        while (!Files.exists(dir.resolve('holders.txt'))) sleep 50
        victim.signal('KILL')
        victim.finish()

        when:
        def next = ripcord(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)

        then:
        next.exit == 0

        when:
        def holder = startProcess(['run', '--no-plan', 'locked.groovy'] as String[], cwd: dir, env: env)
        while (Files.readAllLines(dir.resolve('holders.txt')).size() < 3) sleep 50
        def unlock = ripcord(['unlock', 'demo-db', '--reason', 'holder is stuck'] as String[], cwd: dir, env: env)
        holder.finish()

        then:
        unlock.exit == 0
        unlock.out.contains("Broke lock 'demo-db' held by run ")
        ripcord(['unlock', 'demo-db', '--reason', 'again'] as String[], cwd: dir, env: env).out.contains("Lock 'demo-db' is not held")
        ['sqlite3', dir.resolve('home/journal.db').toString(), "SELECT detail FROM events WHERE kind = 'unlock'"].execute().text
                .readLines()*.replaceAll(/.* broken by /, '') == ["${System.getProperty('user.name')}@${io.ripcord.journal.Operator.current().host()} (pid ${ProcessHandle.current().pid()}): holder is stuck".toString()]

        when: 'without a reason'
        def bare = ripcord(['unlock', 'demo-db'] as String[], cwd: dir, env: env)

        then:
        bare.exit == 2
        bare.err.contains("Missing required option: '--reason=TEXT'")
    }

    def "a lock named with a secret is held under its placeholder, and unlock by the value prints and journals it masked"() {
        given: 'a run that holds a lock whose name carries a secret'
        String token = 'tenant-' + UUID.randomUUID().toString().substring(0, 8)
        Files.writeString(dir.resolve('tenant.groovy'), """\
            runbook 'demo/tenant', version: '1.0.0', {
                lock "deploy-\${secret('TENANT_TOKEN')}"
                step 'hold', { sh 'touch holding; sleep 30' }
            }
            """.stripIndent())
        def secretEnv = env + [TENANT_TOKEN: token]
        def holder = startProcess(['run', '--no-plan', 'tenant.groovy'] as String[], cwd: dir, env: secretEnv)
        while (!Files.exists(dir.resolve('holding'))) sleep 50

        when: 'the operator breaks it, typing the value'
        def unlock = ripcord(['unlock', "deploy-$token".toString(), '--reason', 'tenant moved'] as String[], cwd: dir, env: secretEnv)
        holder.signal('INT') // it stops its sh and ends INTERRUPTED
        holder.finish()
        def journal = ['sqlite3', dir.resolve('home/journal.db').toString(), "SELECT name FROM locks; SELECT detail FROM events WHERE kind = 'unlock';"].execute().text

        then:
        unlock.exit == 0
        unlock.out.startsWith("Broke lock 'deploy-\${secret:TENANT_TOKEN}' held by run ")
        !unlock.all.contains(token)
        journal.startsWith("lock 'deploy-\${secret:TENANT_TOKEN}' held by ")
        !journal.contains(token)
    }

}
