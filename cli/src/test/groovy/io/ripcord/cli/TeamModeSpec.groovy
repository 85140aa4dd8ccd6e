package io.ripcord.cli

import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.startProcess
import static io.ripcord.stdlib.postgres.PostgresEngine.rows
import static io.ripcord.stdlib.postgres.PostgresEngine.sql

/**
 * Team mode through the real command line: two JVMs with their own RIPCORD_HOME and host name play two machines
 * sharing one PostgreSQL journal (a fresh database per feature), with 3 s leases.
 */
@IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
@Timeout(180)
class TeamModeSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-team')
    String db = PostgresEngine.freshDatabase('team')
    String journal = "postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/$db"

    def setup() {
        Files.writeString(dir.resolve('deploy.groovy'), '''\
            runbook 'team/deploy', version: '1.0.0', {
                lock 'team-app'
                step 'one', { sh 'echo one >> calls.txt' }
                step 'two', { sh 'echo two >> calls.txt; touch started-two; while [ ! -f go ]; do sleep 0.1; done' }
                step 'three', { sh 'echo three >> calls.txt' }
            }
            '''.stripIndent())
    }

    def cleanup() {
        PostgresEngine.drop(db)
        dir.toFile().deleteDir()
    }

    /** A machine: its own home and host name, the shared journal in RIPCORD_JOURNAL. */
    CliHarness.Running on(String machine, String... args) {
        onWithLease(machine, '3s', args)
    }

    CliHarness.Running onWithLease(String machine, String lease, String... args) {
        startProcess(args, cwd: dir, jvmArgs: ["-Dripcord.host=$machine".toString()],
                env: [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve("home-$machine").toString(),
                      RIPCORD_JOURNAL: journal, PGPASSWORD: PostgresEngine.PASSWORD, RIPCORD_LEASE_TTL: lease])
    }

    CliHarness.Result at(String machine, String... args) {
        on(machine, args).finish()
    }

    List<String> calls() {
        Files.readAllLines(dir.resolve('calls.txt'))
    }

    void waitFor(String file) {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (!Files.exists(dir.resolve(file))) {
            assert System.nanoTime() < deadline, "$file never appeared"
            sleep 50
        }
    }

    String runId() {
        rows(db, 'SELECT id FROM runs')[0][0]
    }

    def "a second machine is refused the lock, naming the holder; it resumes the run once the killed holder's lease expired, without repeating a completed call"() {
        given: 'machine A runs the runbook with 10 s leases and is in step two'
        def a = onWithLease('machine-a', '10s', 'run', '--no-plan', 'deploy.groovy')
        waitFor('started-two')
        String run = runId()

        when: 'machine B runs it too'
        def refused = at('machine-b', 'run', '--no-plan', 'deploy.groovy')

        then:
        refused.exit == 5
        refused.err.contains("error[LOCK_HELD]: lock 'team-app' is held by run $run (team/deploy@1.0.0) of ${System.getProperty('user.name')}@machine-a (pid ${a.process.pid()}) since ")
        !Files.exists(dir.resolve('home-machine-b/journal.db'))

        when: 'A is killed; B at once: the lease has not expired yet, and A is on another machine'
        a.signal('KILL')
        a.finish()
        long killed = System.nanoTime()
        def early = at('machine-b', 'resume', run)

        then:
        early.exit == 2
        early.err.contains("error[NOT_RESUMABLE]: run $run is still running, as ${System.getProperty('user.name')}@machine-a")
        early.err.contains('--take-over --reason')

        when: 'the lease expires (10 s after the last renewal, on the server clock) and B resumes'
        sleep Math.max(0, 10_500 - (System.nanoTime() - killed) / 1_000_000 as long)
        Files.createFile(dir.resolve('go'))
        def resumed = at('machine-b', 'resume', run)

        then: 'step one replayed, step two (in flight when A died) acted again, step three ran once'
        resumed.exit == 0
        calls() == ['one', 'two', 'two', 'three']
        rows(db, "SELECT state, host FROM runs") == [['SUCCEEDED', 'machine-b']]

        when: 'either machine shows each owner'
        def shown = at('machine-a', 'show', run)

        then:
        shown.exit == 0
        shown.out.contains("owners:   started by ${System.getProperty('user.name')}@machine-a (pid ${a.process.pid()})")
        shown.out =~ /taken over by \S+@machine-b \(pid \d+\) \(the lease of \S+@machine-a \(pid ${a.process.pid()}\) had expired\)/
        rows(db, 'SELECT count(*) FROM locks') == [[0L]]
    }

    def "a paused holder whose run was taken over writes nothing when it wakes: LEASE_LOST, exit 5"() {
        given: 'A (10 s leases) is in step two; it is paused (SIGSTOP) and B takes the run over while the lease still runs'
        def a = onWithLease('machine-a', '10s', 'run', '--no-plan', 'deploy.groovy')
        waitFor('started-two')
        String run = runId()
        a.signal('STOP')
        Files.createFile(dir.resolve('go')) // A's step two command ends meanwhile; its JVM sleeps on
        def taken = at('machine-b', 'resume', run, '--take-over', '--reason', 'alice is unreachable')
        def journaledBefore = rows(db, "SELECT ordinal, state FROM calls ORDER BY ordinal")

        when: 'A wakes up'
        a.signal('CONT')
        def woke = a.finish()

        then: 'B finished the run; A stopped at its next write and wrote nothing'
        taken.exit == 0
        woke.exit == 5
        woke.err.contains("error[LEASE_LOST]: run $run is no longer this process's: it was taken over by ")
        !woke.err.contains('Exception')
        calls() == ['one', 'two', 'two', 'three']
        rows(db, "SELECT ordinal, state FROM calls ORDER BY ordinal") == journaledBefore
        journaledBefore == [[1L, 'COMPLETED'], [2L, 'COMPLETED'], [3L, 'COMPLETED']]
        rows(db, "SELECT state, host FROM runs") == [['SUCCEEDED', 'machine-b']]
        rows(db, "SELECT detail FROM events WHERE kind = 'owner' ORDER BY id")*.get(0)[1] ==
                "taken over from ${System.getProperty('user.name')}@machine-a (pid ${a.process.pid()}) by ${System.getProperty('user.name')}@machine-b (pid ${rows(db, 'SELECT pid FROM runs')[0][0]}): alice is unreachable".toString()
    }

    def "a journal that goes away mid-run stops the run before its next call; it resumes when the database is back"() {
        given: 'A is in step two when the database stops taking connections and drops the ones it has'
        def a = on('machine-a', 'run', '--no-plan', 'deploy.groovy')
        waitFor('started-two')
        String run = runId()
        sql('postgres', "ALTER DATABASE $db ALLOW_CONNECTIONS false")
        sql('postgres', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db'")
        Files.createFile(dir.resolve('go'))

        when:
        def cut = a.finish()

        then: 'after a bounded reconnect it stops: step three never ran'
        cut.exit == 2
        cut.err.contains("error[JOURNAL_UNAVAILABLE]: the journal $journal is unreachable (6 attempts in 5.6 s): ")
        cut.err.contains('`ripcord resume RUN` continues the run')
        !cut.err.contains('Exception')
        calls() == ['one', 'two']

        when: 'the database is back; the same machine resumes at once (its dead process is told apart from a live one)'
        sql('postgres', "ALTER DATABASE $db ALLOW_CONNECTIONS true")
        def resumed = at('machine-a', 'resume', run)

        then:
        resumed.exit == 0
        calls() == ['one', 'two', 'two', 'three']
        rows(db, "SELECT state FROM runs") == [['SUCCEEDED']]
    }

    def "a connection dropped mid-run is reconnected and the run goes on"() {
        given:
        def a = on('machine-a', 'run', '--no-plan', 'deploy.groovy')
        waitFor('started-two')

        when:
        sql('postgres', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()")
        Files.createFile(dir.resolve('go'))
        def done = a.finish()

        then:
        done.exit == 0
        calls() == ['one', 'two', 'three']
        rows(db, "SELECT state FROM runs") == [['SUCCEEDED']]
    }

    def "every machine sees every machine's backups with the host whose disk holds them; a restore of one elsewhere says where it is"() {
        given: 'machine A backs up its database'
        Path live = dir.resolve('app.db')
        assert ['sqlite3', live.toString(), "CREATE TABLE users (id INTEGER PRIMARY KEY); INSERT INTO users VALUES (1);"].execute().waitFor() == 0
        Files.writeString(dir.resolve('backup.groovy'), "runbook 'team/backup', version: '1.0.0', { step 'back up', { backup sqlite('app.db'), to: 'backups-a' } }\n")
        Files.writeString(dir.resolve('restore.groovy'), "runbook 'team/restore', version: '1.0.0', { step 'restore', { restore lastBackup(sqlite('app.db')) } }\n")
        assert at('machine-a', 'run', '--no-plan', 'backup.groovy').exit == 0
        String id = rows(db, 'SELECT id FROM artifacts')[0][0]

        when: 'machine B lists the catalog'
        def listed = at('machine-b', 'backups')

        then:
        listed.exit == 0
        listed.out.readLines()[0].split(/\s{2,}/) as List == ['BACKUP', 'KIND', 'SIZE', 'AGE', 'VERIFIED', 'HOST', 'FILE']
        listed.out.readLines()[1].split(/\s{2,}/)[5] == 'machine-a'
        rows(db, 'SELECT host FROM artifacts') == [['machine-a']]

        when: 'the backup is only on A\'s disk, and B restores lastBackup'
        Files.move(dir.resolve('backups-a'), dir.resolve('on-machine-a'))
        byte[] before = Files.readAllBytes(live)
        def restore = at('machine-b', 'run', '--no-plan', 'restore.groovy')

        then:
        restore.exit == 66
        restore.err.contains("error[BACKUP_MISSING]: step 'restore' failed: lastBackup: no backup of sqlite ${live.toRealPath()} in the catalog;"
                + " not counted: 1 on other machines' disks (the newest, $id, is on the disk of machine-a at ${dir.toRealPath().resolve('backups-a')}/$id")
        Files.readAllBytes(live) == before
    }
}
