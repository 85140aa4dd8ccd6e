package io.ripcord.cli

import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * Runs a six-call runbook in a child JVM and kills it with SIGKILL at every call, before and after the call's side
 * effect, then resumes. The child kills its own JVM from inside the command ($PPID is the ripcord JVM), so each kill
 * lands at an exact point; a last feature kills from outside at random moments. Step two catches a failing call: a
 * failure the run went on from is replayed, never acted again.
 */
@Timeout(300)
class FaultInjectionSpec extends Specification {

    static final int CALLS = 6
    static final String RUNBOOK = '''\
        // effect(k): append k to effects.txt; when CRASH_AT=k, SIGKILL the ripcord JVM once, before or after that
        def effect(int k) {
            """if [ "\\$CRASH_AT" = $k ] && [ ! -e crashed ]; then
                 touch crashed
                 [ "\\$CRASH_WHEN" = after ] && echo $k >> effects.txt
                 kill -9 \\$PPID; sleep 10
               fi
               echo $k >> effects.txt"""
        }
        runbook 'demo/crash', version: '1.0.0', {
            step 'one', { sh effect(1); sh effect(2) }
            step 'two', {
                sh effect(3)
                // a failure the runbook catches: replayed as that failure on every resume, never run again
                try { sh 'echo caught >> caught.txt; exit 3' } catch (e) { }
                sh effect(4)
            }
            step 'three', { sh effect(5); sh effect(6) }
        }
        '''.stripIndent()

    Path dir = Files.createTempDirectory('ripcord-crash')

    def setup() {
        Files.writeString(dir.resolve('crash.groovy'), RUNBOOK)
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Map<String, String> env(Map extra = [:]) {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()] + extra
    }

    /** One value the journal holds, read with the journal's own client (sqlite3 here). */
    String journalValue(String sql) {
        sqlite(dir.resolve('home/journal.db'), sql)
    }

    List<Integer> effects() {
        Files.readAllLines(dir.resolve('effects.txt')).collect { it as int }
    }

    List<String> runIds() {
        ripcord(['runs'] as String[], cwd: dir, env: env()).out.readLines().drop(1).collect { it.split(/\s+/)[0] }
    }

    String onlyRunId() {
        def lines = ripcord(['runs'] as String[], cwd: dir, env: env()).out.readLines()
        assert lines.size() == 2: lines
        lines[1].split(/\s+/)[0]
    }

    def "killed #when the side effect of call #k, the run resumes and completes; #expectation"() {
        when:
        def crashed = startProcess(['run', '--no-plan', 'crash.groovy'] as String[], cwd: dir,
                env: env(CRASH_AT: "$k", CRASH_WHEN: when)).finish()
        def id = onlyRunId()

        then: 'the JVM died by SIGKILL, mid-run'
        crashed.exit == 137
        ripcord(['runs'] as String[], cwd: dir, env: env()).out.contains("$id  RUNNING")

        when:
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())

        then:
        resumed.exit == 0
        resumed.out.count('(done before, not repeated)') == k - 1
        resumed.out.count('(failed before, the same failure again, not retried)') == (k >= 4 ? 1 : 0)
        effects() == expected
        Files.readAllLines(dir.resolve('caught.txt')) == ['caught']

        and: 'nothing is left behind but the runbook, its effects, the crash marker, the journal and the caches'
        Files.list(dir).withCloseable { s -> s.collect { it.fileName.toString() }.sort() } == ['caught.txt', 'crash.groovy', 'crashed', 'effects.txt', 'home']
        Files.walk(dir.resolve('home')).withCloseable { s ->
            s.filter { Files.isRegularFile(it) }.collect { dir.resolve('home').relativize(it).toString() }
                    .findAll { !it.startsWith('journal.db') && !(it ==~ /cache\/runbooks\/[0-9a-f]{64}\.classes/) && !(it ==~ /cache\/native\/sqlite-jdbc-[^\/]+\/libsqlitejdbc\.so(\.crc)?/) }
        } == []

        where:
        [k, when] << [(1..CALLS).toList(), ['before', 'after']].combinations()
        expected = when == 'before' ? (1..CALLS).toList() : ((1..k).toList() + (k..CALLS).toList())
        expectation = when == 'before' ? 'every effect happened exactly once'
                : 'the call in flight when the JVM died acts again (its effect twice), every other exactly once'
    }

    def "killed from outside at random moments, resumed each time: it completes and no completed call ever repeats"() {
        given:
        def random = new Random(42)
        Files.writeString(dir.resolve('crash.groovy'), RUNBOOK.replace('echo $k >> effects.txt"""', 'sleep 0.3; echo $k >> effects.txt"""'))
        int kills = 0

        when:
        def child = startProcess(['run', '--no-plan', 'crash.groovy'] as String[], cwd: dir, env: env())
        def result = null
        while (true) {
            sleep 200 + random.nextInt(600)
            if (child.process.alive && kills < 4) {
                child.signal('KILL')
                kills++
            }
            result = child.finish()
            if (result.exit == 0) {
                break
            }
            // killed before the run was journaled: nothing happened yet, so it starts again; otherwise it resumes
            def args = runIds().isEmpty() ? ['run', '--no-plan', 'crash.groovy'] : ['resume', onlyRunId()]
            child = startProcess(args as String[], cwd: dir, env: env())
        }
        def counts = effects().countBy { it }

        then:
        result.exit == 0
        runIds().size() == 1
        counts.keySet() == (1..CALLS).toSet()
        counts.values().every { it in [1, 2] }
        counts.values().count { it == 2 } <= kills
        Files.readAllLines(dir.resolve('caught.txt')).size() in [1, 2] // twice only if a kill landed inside it
    }

    // ---- kill points inside restore's file operations (RIPCORD_CRASH_AT names one; the JVM SIGKILLs itself there)

    static final List<String> STAGES = ['match', 'stage', 'guard', 'safety', 'replace', 'sweep']

    static final String BACKUP = """runbook 'demo/backup', version: '1.0.0', {
        step 'back up', { backup sqlite('app.db'), to: 'backups' }
    }
    """
    static final String RESTORE = """runbook 'demo/restore', version: '1.0.0', {
        step 'restore', { restore lastBackup(sqlite('app.db')) }
    }
    """

    static String sqlite(Path db, String sql) {
        def p = new ProcessBuilder('sqlite3', db.toString(), sql).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: out
        out.trim()
    }

    /** An application that committed 2000 rows into the WAL and died before any checkpoint: they live only in app.db-wal. */
    void walOnlyRows(Path db) {
        def app = new ProcessBuilder('sqlite3', db.toString()).redirectErrorStream(true).start()
        app.outputStream.write(("PRAGMA wal_autocheckpoint = 0;\n" +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO users (role) SELECT 'wal' FROM n;\n" +
                "SELECT 'committed';\n").bytes)
        app.outputStream.flush()
        def reader = new BufferedReader(new InputStreamReader(app.inputStream))
        String line
        while ((line = reader.readLine()) != 'committed') {
            assert line != null: 'sqlite3 ended before committing'
        }
        app.destroyForcibly()
        app.waitFor()
        assert Files.size(Path.of("$db-wal")) > 0
    }

    List<String> besideDatabase() {
        Files.list(dir).withCloseable { s -> s.collect { it.fileName.toString() }.findAll { it.startsWith('app.db') || it.startsWith('.app.db') }.sort() }
    }

    def "killed at '#point' inside a restore, the resume restores the backup and the journal names the safety copy holding the WAL's rows"() {
        given: 'a backup of 10 rows, then 2000 rows only in the live WAL'
        Path db = dir.resolve('app.db')
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO users (role) SELECT 'backed up' FROM n;")
        Files.writeString(dir.resolve('backup.groovy'), BACKUP)
        Files.writeString(dir.resolve('restore.groovy'), RESTORE)
        assert ripcord(['run', '--no-plan', 'backup.groovy'] as String[], cwd: dir, env: env()).exit == 0
        walOnlyRows(db)

        when:
        def crashed = startProcess(['run', '--no-plan', 'restore.groovy'] as String[], cwd: dir, env: env(RIPCORD_CRASH_AT: point)).finish()
        def runs = ripcord(['runs'] as String[], cwd: dir, env: env()).out.readLines()
        def id = runs.find { it.contains('RUNNING') }?.split(/\s+/)?.getAt(0)

        then: 'the JVM died by SIGKILL at that point'
        crashed.exit == 137
        id != null

        when:
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())
        def result = new groovy.json.JsonSlurper().parseText(journalValue("SELECT result FROM calls WHERE run_id = '$id' AND verb = 'restore'"))
        Path safety = dir.resolve('safety.db')
        Files.copy(Path.of(result.safetyCopy as String), safety) // plain: the disk has room (safety: 'auto'); a resume keeps its form

        then: 'the backup is in place'
        resumed.exit == 0
        result.safetyForm == 'plain'
        sqlite(db, 'SELECT COUNT(*) FROM users') == '10'

        and: 'the safety copy the journal names holds the WAL\'s 2000 rows'
        sqlite(safety, "SELECT COUNT(*) FROM users WHERE role = 'wal'") == '2000'

        and: 'no staged copy and no moved-aside -wal or -shm is left beside the database'
        besideDatabase() == ['app.db']

        and: 'the journal tells how far the killed attempt got, then the resumed one\'s six stages'
        def shown = new groovy.json.JsonSlurper().parseText(ripcord(['show', id, '--format', 'json'] as String[], cwd: dir, env: env()).out)
        shown.steps*.calls.flatten().find { it.verb == 'restore' }.stages*.name == STAGES.take(got) + STAGES

        where: 'after each stage (RestoreStage), and inside the replace between its file operations; got: the stages that ended before the kill'
        point                                  | got
        'restore: after match'                 | 1
        'restore: after stage'                 | 2
        'restore: after guard'                 | 3
        'restore: after safety'                | 4
        'restore: -wal and -shm moved aside'   | 4
        'restore: database renamed into place' | 4
        'restore: after replace'               | 5
        'restore: after sweep'                 | 6
    }

    def "what a restore killed after moving the -wal aside leaves is put back by the next run of any runbook"() {
        given:
        Path db = dir.resolve('app.db')
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT);")
        Files.writeString(dir.resolve('backup.groovy'), BACKUP)
        Files.writeString(dir.resolve('restore.groovy'), RESTORE)
        Files.writeString(dir.resolve('other.groovy'), "runbook 'demo/other', version: '1.0.0', { step 'say', { sh 'true' } }\n")
        assert ripcord(['run', '--no-plan', 'backup.groovy'] as String[], cwd: dir, env: env()).exit == 0
        walOnlyRows(db)

        when:
        def crashed = startProcess(['run', '--no-plan', 'restore.groovy'] as String[], cwd: dir,
                env: env(RIPCORD_CRASH_AT: 'restore: -wal and -shm moved aside')).finish()

        then: 'the live -wal was moved aside beside the staged copy'
        crashed.exit == 137
        !Files.exists(Path.of("$db-wal"))

        when: 'another runbook runs'
        def other = ripcord(['run', '--no-plan', 'other.groovy'] as String[], cwd: dir, env: env())

        then: 'the database has its WAL back, with every row, and nothing of the dead run is left'
        other.exit == 0
        besideDatabase() == ['app.db', 'app.db-shm', 'app.db-wal']
        sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'wal'") == '2000'
    }

    def "a backup killed after its artifact was renamed into place, before its manifest, leaves nothing once any runbook runs again"() {
        given:
        Path db = dir.resolve('app.db')
        sqlite(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); INSERT INTO users (role) VALUES ('one');")
        Files.writeString(dir.resolve('backup.groovy'), BACKUP)
        Files.writeString(dir.resolve('other.groovy'), "runbook 'demo/other', version: '1.0.0', { step 'say', { sh 'true' } }\n")
        assert ripcord(['run', '--no-plan', 'backup.groovy'] as String[], cwd: dir, env: env()).exit == 0
        def first = Files.list(dir.resolve('backups')).withCloseable { s -> s.collect { it.fileName.toString() }.sort() }

        when:
        def crashed = startProcess(['run', '--no-plan', 'backup.groovy'] as String[], cwd: dir,
                env: env(RIPCORD_CRASH_AT: 'backup: artifact renamed into place')).finish()

        then: 'a complete artifact without a manifest is there'
        crashed.exit == 137
        Files.list(dir.resolve('backups')).withCloseable { s -> s.collect { it.fileName.toString() }.count { it.endsWith('.sqlite.gz') } } == 2

        when:
        def other = ripcord(['run', '--no-plan', 'other.groovy'] as String[], cwd: dir, env: env())

        then: 'the next run, of another runbook, swept it: only the first backup and its manifest are left'
        other.exit == 0
        Files.list(dir.resolve('backups')).withCloseable { s -> s.collect { it.fileName.toString() }.sort() } == first
    }
}
