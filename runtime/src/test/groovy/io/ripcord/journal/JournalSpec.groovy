package io.ripcord.journal

import io.ripcord.exec.RunState
import io.ripcord.problem.ProblemCode
import io.ripcord.problem.RunbookException
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import java.time.Duration

/** The journal on a real SQLite file through sqlite-jdbc, checked with the sqlite3 CLI where it can be. */
class JournalSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-journal')
    Path file = dir.resolve('nested/journal.db')
    Operator me = Operator.current()

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Journal.NewRun newRun(String id, String runbook = 'demo/x') {
        new Journal.NewRun(id, 'run', runbook, '1.0.0', '/x.groovy', 'abc', [a: 'h1'], [image: 'app:2'], me)
    }

    def "a new journal is created with its directory, in WAL mode, marked as Ripcord's, at the latest schema"() {
        when:
        Journal.open(file).close()

        then:
        Files.exists(file)
        sqlite('PRAGMA journal_mode') == 'wal'
        sqlite('PRAGMA application_id') == String.valueOf(JournalSchema.APPLICATION_ID)
        sqlite('PRAGMA user_version') == String.valueOf(JournalSchema.latest())
        sqlite("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name)") ==
                'artifact_copies,artifacts,calls,events,locks,process_groups,runs,steps'
    }

    def "the journal is owner-only whatever the umask, also in a home directory that already exists (#home)"() {
        given: 'a umask that leaves new files readable by others, so the spec can fail'
        Path probe = Files.createFile(dir.resolve('probe'))
        assert java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)) == 'rw-r--r--'
        Path journal = existing ? dir.resolve('journal.db') : file

        when:
        Journal j = Journal.open(journal)
        j.createRun(newRun('r1'))

        then:
        mode(journal) == 'rw-------'
        mode(Path.of("$journal-wal")) == 'rw-------'
        existing || mode(journal.parent) == 'rwx------'

        cleanup:
        j?.close()

        where:
        existing | home
        true     | 'existing'
        false    | 'created'
    }

    static String mode(Path p) {
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
    }

    def "processes creating the same new journal at the same moment all open it (none takes it for a foreign database)"() {
        when: 'eight openers race on each of ten new journals'
        List<Throwable> failures = Collections.synchronizedList([])
        10.times { round ->
            Path fresh = file.resolveSibling("race-${round}.db")
            def go = new java.util.concurrent.CountDownLatch(1)
            def threads = (1..8).collect {
                Thread.start {
                    go.await()
                    try {
                        Journal.open(fresh).close()
                    } catch (Throwable t) {
                        failures << t
                    }
                }
            }
            go.countDown()
            threads*.join()
        }

        then:
        failures.isEmpty()
    }

    def "a journal of the first schema is migrated to the latest, its runs kept"() {
        given: 'a journal as the first release wrote it: its schema, its pragmas, one run'
        Files.createDirectories(file.parent)
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            def s = c.createStatement()
            JournalSchema.MIGRATIONS[0].split(/;\s*\n/).findAll { it.trim() }.each { s.execute(it) }
            s.execute("PRAGMA application_id = $JournalSchema.APPLICATION_ID")
            s.execute('PRAGMA user_version = 1')
            s.execute("""INSERT INTO runs (id, kind, runbook, version, sha256, step_hashes, params, user_name, host, pid, state,
                         started_at, updated_at) VALUES ('old', 'run', 'demo/x', '1.0.0', 'abc', '{}', '{}', 'alice', 'h', 1, 'FAILED', 1, 1)""")
        }

        when:
        List runs = Journal.open(file).withCloseable { j -> j.runs(null, null, 10) }

        then: 'what the first schema did not record is unknown, not made up'
        runs*.id() == ['old']
        runs[0].ownerProcess() == null
        runs[0].heartbeatAt() == null
        sqlite('PRAGMA user_version') == String.valueOf(JournalSchema.latest())
        sqlite("SELECT count(*) FROM sqlite_master WHERE name IN ('events_by_run', 'process_groups')") == '2'
    }

    def "a journal of schema 2 is migrated to keep safety copies apart, and a verify outcome is kept on the entry"() {
        given: 'a schema-2 journal cataloging a backup and a safety copy, as the release before wrote them'
        Files.createDirectories(file.parent)
        DriverManager.getConnection("jdbc:sqlite:$file").withCloseable { c ->
            def s = c.createStatement()
            JournalSchema.MIGRATIONS[0..1].each { m -> m.split(/;\s*\n/).findAll { it.trim() }.each { s.execute(it) } }
            s.execute("PRAGMA application_id = ${JournalSchema.APPLICATION_ID}")
            s.execute('PRAGMA user_version = 2')
            s.execute("""INSERT INTO artifacts (id, kind, source, path, size, sha256, created_at, manifest) VALUES
                ('app-1', 'sqlite', 'sqlite:/app.db', '/b/app-1.sqlite.gz', 10, 'aa', 1, '{"id":"app-1","safetyCopy":false}'),
                ('app-2-safety', 'sqlite', 'sqlite:/app.db', '/b/app-2-safety.sqlite.gz', 10, 'bb', 2, '{"id":"app-2-safety","safetyCopy":true}')""")
        }

        when:
        def entries = Journal.open(file).withCloseable { j ->
            def catalog = new JournalCatalog(j)
            catalog.recordVerification('app-1', new io.ripcord.catalog.CatalogEntry.Verification(false, java.time.Instant.ofEpochMilli(5000), '{"minSize":1024}', 'too small'))
            j.artifacts(null)
        }

        then:
        sqlite('PRAGMA user_version') == String.valueOf(JournalSchema.latest())
        entries*.id() == ['app-2-safety', 'app-1']
        entries*.role()*.name() == ['SAFETY_COPY', 'BACKUP']
        entries*.origin()*.name() == ['RUN', 'RUN']
        entries[0].verification() == null
        entries[1].verification() == new io.ripcord.catalog.CatalogEntry.Verification(false, java.time.Instant.ofEpochMilli(5000), '{"minSize":1024}', 'too small')
        Journal.open(file).withCloseable { new JournalCatalog(it).newest('sqlite:/app.db') }.isEmpty() // neither a safety copy nor a failed backup is the newest backup
    }

    def "runs, steps and calls written by one process are read back by the next"() {
        given:
        Journal.open(file).withCloseable { first ->
            first.createRun(newRun('r1'))
            first.stepStarted('r1', 1, 'a')
            first.callStarted('r1', 1, 'a', 'sh', 3, 'hash', '{"command":"x"}')
            first.callFinished('r1', 1, CallRecord.CallState.COMPLETED, '{"exitCode":0}', null, 12)
            first.stepFinished('r1', 1, RunState.SUCCEEDED, null)
            first.finishRun('r1', RunState.SUCCEEDED, null)
        }

        when:
        def j = Journal.open(file)
        def run = j.run('r1').get()
        def calls = j.calls('r1')

        then:
        run.runbookId() == 'demo/x@1.0.0'
        run.state() == RunState.SUCCEEDED
        run.params() == [image: 'app:2']
        run.stepHashes() == [a: 'h1']
        run.operator() == me
        run.finishedAt() != null
        j.steps('r1')*.state() == ['SUCCEEDED']
        calls.size() == 1
        calls[0].with { verb() == 'sh' && line() == 3 && state() == CallRecord.CallState.COMPLETED && resultJson() == '{"exitCode":0}' && elapsedMillis() == 12 }

        cleanup:
        j?.close()
    }

    def "runs are listed newest first and filtered by runbook and state"() {
        given:
        def j = Journal.open(file)
        j.createRun(newRun('r1', 'demo/a'))
        sleep 5
        j.createRun(newRun('r2', 'demo/b'))
        j.finishRun('r2', RunState.FAILED, 'boom')

        expect:
        j.runs(null, null, 10)*.id() == ['r2', 'r1']
        j.runs('demo/a', null, 10)*.id() == ['r1']
        j.runs(null, RunState.FAILED, 10)*.id() == ['r2']
        j.runs(null, null, 1)*.id() == ['r2']
        j.lastRunOf('demo/a', '1.0.0').get().id() == 'r1'

        cleanup:
        j.close()
    }

    def "a lock is exclusive until released, and a dead or expired holder is replaced"() {
        given:
        def j = Journal.open(file)
        def other = new Operator('alice', me.host(), me.pid())      // alive: this very process
        def dead = new Operator('bob', me.host(), deadPid())
        def elsewhere = new Operator('carol', 'another-host', 1)

        expect: 'a live holder keeps it'
        j.tryLock('db', 'r1', other, Duration.ofMinutes(1)).isEmpty()
        j.tryLock('db', 'r2', me, Duration.ofMinutes(1)).get().runId() == 'r1'

        and: 'the same run in the same process may take it again, the same run in another live process may not'
        j.tryLock('db', 'r1', other, Duration.ofMinutes(1)).isEmpty()
        j.tryLock('db', 'r1', me, Duration.ofMinutes(1)).get().operator() == other

        when: 'the holder process is gone'
        j.release('db', 'r1')
        j.tryLock('db', 'r3', dead, Duration.ofMinutes(1))

        then:
        j.tryLock('db', 'r4', me, Duration.ofMinutes(1)).isEmpty()

        when: 'a holder on another host stops renewing its lease'
        j.release('db', 'r4')
        j.tryLock('db', 'r5', elsewhere, Duration.ofMillis(1500))

        then:
        j.tryLock('db', 'r6', me, Duration.ofMinutes(1)).get().runId() == 'r5'
        sleep 2000
        j.tryLock('db', 'r6', me, Duration.ofMinutes(1)).isEmpty()
        !j.heartbeat('db', 'r5', Duration.ofMinutes(1))
        j.heartbeat('db', 'r6', Duration.ofMinutes(1))

        cleanup:
        j.close()
    }

    def "a run is claimed for a resume by one process at a time"() {
        given:
        def j = Journal.open(file)
        j.createRun(new Journal.NewRun('live', 'run', 'demo/x', '1.0.0', '/x.groovy', 'abc', [:], [:], new Operator('alice', me.host(), me.pid())))
        j.createRun(new Journal.NewRun('crashed', 'run', 'demo/x', '1.0.0', '/x.groovy', 'abc', [:], [:], new Operator('alice', me.host(), deadPid())))

        expect: 'a run still running in a live process cannot be claimed; one whose process died can, once'
        !j.claimRun('live', me, 'abc', [:])
        j.claimRun('crashed', me, 'abc', [:])
        j.run('crashed').get().operator() == me
        !j.claimRun('crashed', new Operator('bob', me.host(), me.pid()), 'abc', [:])

        cleanup:
        j.close()
    }

    def "breaking a lock removes it and journals who held it and who broke it"() {
        given:
        def j = Journal.open(file)
        j.createRun(newRun('r1'))
        j.tryLock('db', 'r1', new Operator('alice', 'host-a', 42), Duration.ofMinutes(5))

        when:
        def broken = j.breakLock('db', me)

        then:
        broken.get().operator().user() == 'alice'
        j.lockHolder('db').isEmpty()
        j.events('r1') == ["owner: started by $me".toString(), j.events('r1')[1]]
        j.events('r1')[1].startsWith("unlock: lock 'db' held by alice@host-a (pid 42)")
        j.events('r1')[1].endsWith("broken by $me")

        cleanup:
        j.close()
    }

    def "#what is refused as not a usable journal, and left byte for byte as it was"() {
        given:
        Files.createDirectories(file.parent)
        prepare(file)
        byte[] before = Files.readAllBytes(file)

        when:
        Journal.open(file)

        then:
        def e = thrown(RunbookException)
        e.first().code() == ProblemCode.JOURNAL_CORRUPT
        e.first().message().contains(message)
        e.first().next().contains('left it untouched')
        Files.readAllBytes(file) == before

        where:
        what                       | message                                  | prepare
        'a text file'              | 'it is not a SQLite database'            | { Path f -> Files.writeString(f, 'hello, I am notes\n' * 20) }
        'another program\'s SQLite' | "it is another program's SQLite database" | { Path f -> foreign(f) }
        'a newer Ripcord\'s journal' | 'written by a newer Ripcord'            | { Path f -> Journal.open(f).close(); pragma(f, 'user_version = 99') }
        'a damaged journal'        | 'it is damaged or not a SQLite database' | { Path f -> Journal.open(f).close(); damage(f) }
    }

    def "a journal that cannot be written says so and what to do"() {
        when:
        Journal.open(Path.of('/proc/ripcord-cannot-write-here/journal.db'))

        then:
        def e = thrown(RunbookException)
        e.first().code() == ProblemCode.JOURNAL_UNAVAILABLE
        e.first().next().contains('--journal')
    }

    def "reading commands never create a journal"() {
        expect:
        Journal.openExisting(file).isEmpty()
        !Files.exists(file)
        !Files.exists(file.parent)
    }

    private String sqlite(String sql) {
        def p = ['sqlite3', file.toString(), sql].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
        p.text.trim()
    }

    private static void foreign(Path f) {
        DriverManager.getConnection("jdbc:sqlite:$f").withCloseable { c ->
            c.createStatement().execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)')
            c.createStatement().execute("INSERT INTO notes (text) VALUES ('keep me')")
        }
    }

    private static void pragma(Path f, String setting) {
        DriverManager.getConnection("jdbc:sqlite:$f").withCloseable { c -> c.createStatement().execute("PRAGMA $setting") }
    }

    private static void damage(Path f) {
        // keep the header, wreck the pages after it
        def bytes = Files.readAllBytes(f)
        for (int i = 100; i < bytes.length; i++) bytes[i] = (byte) 0x5A
        Files.write(f, bytes)
    }

    private static long deadPid() {
        def p = new ProcessBuilder('true').start()
        p.waitFor()
        p.pid()
    }
}
