package io.ripcord.cli

import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * Signals to a real ripcord JVM running real commands: TERM, HUP and INT stop the command with everything it started
 * and journal the run INTERRUPTED; after a SIGKILL the run shows its owner gone, and resume stops what it left running.
 * Whether a process survived is read from /proc, where a pid's start time tells it from a reused pid.
 */
@Timeout(120)
class SignalSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-signals')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]
    List<Long> started = []

    // the shell writes its pid (the leader of its process group) and its background child's, then waits for the child
    static final String RUNBOOK = '''\
        runbook 'demo/signals', version: '1.0.0', {
            step 'first', { sh 'echo first >> effects.txt' }
            step 'slow', {
                sh '[ -e resumed ] || { echo $$ > sh.pid; sleep 300 & echo $! > child.pid; wait; }; echo slow >> effects.txt'
            }
        }
        '''.stripIndent()

    def setup() {
        Files.writeString(dir.resolve('signals.groovy'), RUNBOOK)
    }

    def cleanup() {
        started.each { pid -> ProcessHandle.of(pid).ifPresent { it.destroyForcibly() } } // never leave one behind
        dir.toFile().deleteDir()
    }

    CliHarness.Result ripcordHere(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    /** Running and not a zombie: /proc/PID/stat exists and its state is not Z. */
    static boolean running(long pid) {
        Path stat = Path.of("/proc/$pid/stat")
        if (!Files.exists(stat)) {
            return false
        }
        try {
            String text = Files.readString(stat)
            return !(text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3) in ['Z', 'X'])
        } catch (IOException ignored) {
            return false // it exited between the two reads
        }
    }

    /** Waits (bounded) for the command to have written its pids. */
    Map<String, Long> pidsOnceStarted(CliHarness.Running ripcordJvm) {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (!(Files.exists(dir.resolve('child.pid')) && Files.readString(dir.resolve('child.pid')).endsWith('\n'))) {
            // Spock evaluates an assert's message first: finish() there would wait for the running command
            if (!ripcordJvm.process.alive) {
                ripcordJvm.process.waitFor()
                throw new AssertionError("ripcord ended before the command started: exit ${ripcordJvm.process.exitValue()}, ${ripcordJvm.out} ${ripcordJvm.err}")
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError('the command did not start in 60 s')
            }
            sleep 20
        }
        def pids = [sh: Files.readString(dir.resolve('sh.pid')).strip() as long, child: Files.readString(dir.resolve('child.pid')).strip() as long]
        started.addAll(pids.values())
        pids
    }

    /** The sqlite3 CLI's answer; {@code whileCreated}: null while ripcord is still creating the journal. */
    String journalQuery(String sql, boolean whileCreated = false) {
        def p = new ProcessBuilder('sqlite3', '-cmd', '.timeout 10000', dir.resolve('home/journal.db').toString(), sql)
                .redirectErrorStream(true).start()
        String out = p.inputStream.text.strip()
        int exit = p.waitFor()
        if (whileCreated && exit != 0) {
            return null
        }
        assert exit == 0: out
        out
    }

    def "SIG#signal during a command stops it and its child, journals the run INTERRUPTED and exits #exit"() {
        given:
        def ripcordJvm = startProcess(['run', '--no-plan', 'signals.groovy'] as String[], cwd: dir, env: env)
        def pids = pidsOnceStarted(ripcordJvm)

        expect: 'the command leads a process group of its own, and the journal has it while it runs'
        Files.readString(Path.of("/proc/${pids.sh}/stat")).split(' ')[4] as long == pids.sh
        journalQuery('SELECT pgid, program, ended_at IS NULL FROM process_groups ORDER BY started_at DESC LIMIT 1') == "${pids.sh}|sh|1"

        when:
        ripcordJvm.signal(signal)
        def result = ripcordJvm.finish()
        String id = (result.out =~ /Run (\S+)/)[0][1]

        then:
        result.exit == exit
        result.err.contains("Run interrupted by SIG$signal: demo/signals@1.0.0 after 1 of 2 steps (exit $exit) (run $id)")
        !running(pids.sh)
        !running(pids.child)
        ripcordHere('runs').out.contains("$id  INTERRUPTED")
        journalQuery("SELECT state FROM steps WHERE run_id = '$id' ORDER BY idx") == 'SUCCEEDED\nINTERRUPTED'
        journalQuery("SELECT count(*) FROM process_groups WHERE run_id = '$id' AND ended_at IS NULL") == '0'
        ripcordHere('show', id).out.contains("signal: SIG$signal stopped the run")

        when: 'the run resumes and finishes the interrupted step, without repeating the first'
        Files.createFile(dir.resolve('resumed'))
        def resumed = ripcordHere('resume', id)

        then:
        resumed.exit == 0
        Files.readAllLines(dir.resolve('effects.txt')) == ['first', 'slow']

        where:
        signal | exit
        'TERM' | 143
        'HUP'  | 129
        'INT'  | 130
    }

    def "after a SIGKILL the run shows its owner gone, and resume stops the child it left running and completes"() {
        given:
        def ripcordJvm = startProcess(['run', '--no-plan', 'signals.groovy'] as String[], cwd: dir, env: env)
        def pids = pidsOnceStarted(ripcordJvm)

        when:
        ripcordJvm.signal('KILL')
        def killed = ripcordJvm.finish()
        String id = (killed.out =~ /Run (\S+)/)[0][1]

        then: 'nothing stopped the command: it outlives the JVM, in its own group'
        killed.exit == 137
        running(pids.sh)
        running(pids.child)

        and: 'the listing and the report say the owner is gone and the run can be resumed'
        ripcordHere('runs').out.contains("$id  RUNNING (owner gone; resumable)")
        ripcordHere('show', id).out.readLines()[0].endsWith('RUNNING (owner gone; resumable)')

        when:
        Files.createFile(dir.resolve('resumed'))
        def resumed = ripcordHere('resume', id)

        then: 'the leftover group is stopped before anything runs again, and journaled'
        resumed.exit == 0
        resumed.out.contains("stopped process group ${pids.sh} (sh, 2 processes) left running by the run's dead owner")
        !running(pids.sh)
        !running(pids.child)
        Files.readAllLines(dir.resolve('effects.txt')) == ['first', 'slow']
        ripcordHere('runs').out.contains("$id  SUCCEEDED")
        ripcordHere('show', id).out.contains("leftover: stopped process group ${pids.sh} (sh, 2 processes)")
    }

    def "after a SIGKILL a new run of another runbook stops what the dead run left running, and leaves that run resumable"() {
        given:
        Files.writeString(dir.resolve('other.groovy'), "runbook 'demo/other', version: '1.0.0', { step 'only', { sh 'echo other >> effects.txt' } }\n")
        def ripcordJvm = startProcess(['run', '--no-plan', 'signals.groovy'] as String[], cwd: dir, env: env)
        def pids = pidsOnceStarted(ripcordJvm)
        ripcordJvm.signal('KILL')
        String id = (ripcordJvm.finish().out =~ /Run (\S+)/)[0][1]
        assert running(pids.sh) && running(pids.child)

        when:
        def other = ripcordHere('run', '--no-plan', 'other.groovy')

        then: 'the leftover group is stopped before the new run acts, and journaled on the dead run'
        other.exit == 0
        other.out.contains("stopped process group ${pids.sh} (sh, 2 processes) left running by the run's dead owner")
        !running(pids.sh)
        !running(pids.child)
        journalQuery("SELECT count(*) FROM process_groups WHERE run_id = '$id' AND ended_at IS NULL") == '0'
        ripcordHere('show', id).out.contains("leftover: stopped process group ${pids.sh} (sh, 2 processes)")

        and: 'the dead run itself is untouched: still resumable, and its resume completes it'
        ripcordHere('runs').out.contains("$id  RUNNING (owner gone; resumable)")
        Files.createFile(dir.resolve('resumed'))
        ripcordHere('resume', id).exit == 0
        Files.readAllLines(dir.resolve('effects.txt')) == ['first', 'other', 'slow']
    }

    @IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
    def "SIGTERM during a pg_dump waiting on a lock stops pg_dump and leaves no temporary dump, password file or artifact"() {
        given: 'a table another session holds locked, so pg_dump waits'
        String db = PostgresEngine.freshDatabase('signals')
        PostgresEngine.sql(db, 'CREATE TABLE t (x int); INSERT INTO t SELECT generate_series(1, 1000)')
        def holder = PostgresEngine.connect(db)
        holder.autoCommit = false
        holder.createStatement().execute('LOCK TABLE t IN ACCESS EXCLUSIVE MODE')
        Path tmp = Files.createDirectories(dir.resolve('tmp'))
        Files.writeString(dir.resolve('pg.groovy'), """\
            runbook 'demo/pg-signal', version: '1.0.0', {
                def db = postgres 'postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/${db}', password: secret('PGPW')
                step 'back up', { backup db, to: 'backups' }
            }
            """.stripIndent())
        def ripcordJvm = startProcess(['run', '--no-plan', 'pg.groovy'] as String[], cwd: dir, tmp: tmp,
                env: env + [PGPW: PostgresEngine.PASSWORD])

        when: 'pg_dump is running, as the journal records it'
        long deadline = System.nanoTime() + 60_000_000_000L
        String pgid = ''
        while (!pgid && System.nanoTime() < deadline && ripcordJvm.process.alive) {
            if (Files.exists(dir.resolve('home/journal.db'))) {
                pgid = journalQuery("SELECT pgid FROM process_groups WHERE program = 'pg_dump' AND ended_at IS NULL", true)
            }
            sleep 50
        }
        long pgDump = pgid as long
        started << pgDump
        boolean dumping = running(pgDump)
        ripcordJvm.signal('TERM')
        def result = ripcordJvm.finish()

        then:
        dumping
        result.exit == 143
        !running(pgDump)
        Files.list(dir.resolve('backups')).withCloseable { it.toList() } == [] // the repository was made; the dump never appeared
        Files.list(tmp).withCloseable { files -> files.filter { it.fileName.toString().startsWith('ripcord-pgpass-') }.toList() } == []
        journalQuery('SELECT count(*) FROM artifacts') == '0'

        cleanup:
        holder?.rollback()
        holder?.close()
        PostgresEngine.drop(db)
    }
}
