package io.ripcord.journal

import io.ripcord.exec.RunState
import io.ripcord.problem.ProblemCode
import io.ripcord.problem.RunbookException
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.sql.Connection
import java.sql.DriverManager
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors

/**
 * The journal on the real PostgreSQL bin/engines/postgres.sh brings up, a fresh database per feature: the same schema
 * and migrations as SQLite, leases on the server's clock, and what a wrong database, role or password gets.
 */
@IgnoreIf(value = { !System.getenv('CI') && !PostgresJournalSpec.serverUp() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
@Timeout(120)
class PostgresJournalSpec extends Specification {

    static final String HOST = System.getenv('RIPCORD_TEST_PG_HOST') ?: '127.0.0.1'
    static final String PORT = System.getenv('RIPCORD_TEST_PG_PORT') ?: '54329'
    static final String USER = System.getenv('RIPCORD_TEST_PG_USER') ?: 'postgres'
    static final String PASSWORD = System.getenv('RIPCORD_TEST_PG_PASSWORD') ?: 'ripcord-test-secret'

    String db = "journal_${Long.toHexString(System.nanoTime())}"
    String url = "postgresql://$USER@$HOST:$PORT/$db"
    Map<String, String> env = [PGPASSWORD: PASSWORD]
    Path home = Files.createTempDirectory('ripcord-pg-journal')
    Operator me = Operator.current()

    static boolean serverUp() {
        try {
            admin('postgres').close()
            true
        } catch (Exception ignored) {
            false
        }
    }

    static Connection admin(String database) {
        DriverManager.getConnection("jdbc:postgresql://$HOST:$PORT/$database", USER, PASSWORD)
    }

    static void sql(String database, String statements) {
        admin(database).withCloseable { c -> c.createStatement().withCloseable { it.execute(statements) } }
    }

    static List<List> rows(String database, String query) {
        admin(database).withCloseable { c ->
            c.createStatement().withCloseable { s ->
                def r = s.executeQuery(query)
                def out = []
                while (r.next()) {
                    out << (1..r.metaData.columnCount).collect { r.getObject(it) }
                }
                out
            }
        }
    }

    def setup() {
        sql('postgres', "CREATE DATABASE $db")
    }

    def cleanup() {
        sql('postgres', "DROP DATABASE IF EXISTS $db WITH (FORCE)")
        home.toFile().deleteDir()
    }

    Journal open(Map<String, String> environment = env) {
        Journal.openPostgres(url, environment, home)
    }

    Journal.NewRun newRun(String id, Operator by = me) {
        new Journal.NewRun(id, 'run', 'demo/x', '1.0.0', '/x.groovy', 'abc', [a: 'h1'], [image: 'app:2'], by)
    }

    def "a new database gets the journal's tables and schema version, and a run, its steps and calls round-trip"() {
        when:
        def j = open()
        j.createRun(newRun('r1'))
        j.stepStarted('r1', 1, 'back up')
        j.callStarted('r1', 1, 'back up', 'backup', 3, 'h', '{}')
        j.callFinished('r1', 1, CallRecord.CallState.COMPLETED, '{"id":"a1"}', null, 12)
        j.stepFinished('r1', 1, RunState.SUCCEEDED, null)
        j.finishRun('r1', RunState.SUCCEEDED, null)

        then:
        rows(db, "SELECT application, version FROM ripcord_journal") == [['ripcord', JournalSchema.latest()]]
        rows(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")*.get(0) ==
                ['artifact_copies', 'artifacts', 'calls', 'events', 'locks', 'process_groups', 'ripcord_journal', 'runs', 'steps']
        rows(db, "SELECT data_type FROM information_schema.columns WHERE table_name = 'runs' AND column_name = 'started_at'") == [['bigint']]
        j.run('r1').get().state() == RunState.SUCCEEDED
        j.runs(null, null, 10)*.id() == ['r1']
        j.runs('demo/x', RunState.SUCCEEDED, 10)*.id() == ['r1']
        j.runs('demo/other', null, 10).isEmpty()
        j.calls('r1')*.resultJson() == ['{"id":"a1"}']
        j.steps('r1')*.state() == ['SUCCEEDED']
        j.location() == "postgresql://$USER@$HOST:$PORT/$db"
        j.file() == null

        cleanup:
        j?.close()
    }

    def "a journal of an older schema is migrated in place, its runs kept"() {
        given: 'a database at schema 3, as an older Ripcord left it'
        admin(db).withCloseable { c ->
            c.createStatement().withCloseable { s ->
                s.execute("CREATE TABLE ripcord_journal (application TEXT NOT NULL, version INTEGER NOT NULL)")
                s.execute("INSERT INTO ripcord_journal VALUES ('ripcord', 3)")
                JournalSchema.MIGRATIONS[0..2].each { m -> m.split(/;\s*\n/).findAll { it.trim() }.each { s.execute(PostgresDialect.ddl(it)) } }
                s.execute("INSERT INTO runs (id, kind, runbook, version, sha256, step_hashes, params, user_name, host, pid, state, started_at, updated_at)"
                        + " VALUES ('old', 'run', 'demo/x', '1.0.0', 'abc', '{}', '{}', 'alice', 'host-a', 1, 'SUCCEEDED', 1000, 1000)")
                s.execute("INSERT INTO artifacts (id, run_id, kind, source, path, created_at) VALUES ('a1', 'old', 'file', 'file:/x', '/b', 1000)")
            }
        }

        when:
        def j = open()

        then:
        rows(db, "SELECT version FROM ripcord_journal") == [[JournalSchema.latest()]]
        j.run('old').get().operator() == new Operator('alice', 'host-a', 1)
        j.artifactHosts() == [a1: 'host-a']
        rows(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'runs_by_start'") == [[1L]]

        cleanup:
        j?.close()
    }

    def "two operators opening a new journal at once: one migrates, the other waits for it and finds it done"() {
        given:
        int n = 4
        def barrier = new CyclicBarrier(n)
        def pool = Executors.newFixedThreadPool(n)

        when:
        def results = pool.invokeAll((1..n).collect { i ->
            { -> barrier.await(); open().withCloseable { it.location() } } as Callable<String>
        })*.get()

        then:
        results.toSet().size() == 1
        rows(db, "SELECT version FROM ripcord_journal") == [[JournalSchema.latest()]]

        cleanup:
        pool.shutdownNow()
    }

    def "a lock is one statement on the server's clock: held, refused naming the holder, taken after its lease expired"() {
        given:
        def a = open()
        def b = open()
        def alice = new Operator('alice', 'host-a', 11)
        def bob = new Operator('bob', 'host-b', 22)
        a.createRun(newRun('r1', alice))

        expect:
        a.tryLock('db', 'r1', alice, Duration.ofMillis(1500)).isEmpty()
        with(b.tryLock('db', 'r2', bob, Duration.ofMinutes(1)).get()) {
            runId() == 'r1'
            operator() == alice
            runbook == 'demo/x@1.0.0'
            describe().startsWith('run r1 (demo/x@1.0.0) of alice@host-a (pid 11) since ')
        }
        a.heartbeat('db', 'r1', Duration.ofMillis(1500))

        when:
        sleep 1800

        then: 'the lease ran out: the next taker gets it, and the old holder can neither renew nor release it'
        b.tryLock('db', 'r2', bob, Duration.ofMinutes(1)).isEmpty()
        !a.heartbeat('db', 'r1', Duration.ofMinutes(1))
        a.release('db', 'r1')
        b.lockHolder('db').get().operator() == bob

        cleanup:
        a?.close()
        b?.close()
    }

    def "a holder whose run was taken over cannot write another call: LEASE_LOST, nothing written"() {
        given: 'alice runs r1 under a lease, bob takes it over'
        def a = open()
        def b = open()
        def alice = new Operator('alice', 'host-a', 11)
        def bob = new Operator('bob', 'host-b', 22)
        a.createRun(newRun('r1', alice))
        a.leaseRun('r1', Duration.ofMinutes(1))
        a.callStarted('r1', 1, 's', 'sh', 1, 'h', '{}')
        a.callFinished('r1', 1, CallRecord.CallState.COMPLETED, '{}', null, 1)

        expect: 'a live lease is not claimed without --take-over'
        b.claimRun('r1', bob, 'abc', [:], Duration.ofMinutes(1), null).isEmpty()
        b.claimRun('r1', bob, 'abc', [:], Duration.ofMinutes(1), 'alice is offline').isPresent()

        when:
        a.callStarted('r1', 2, 's', 'sh', 2, 'h', '{}')

        then:
        def e = thrown(RunbookException)
        e.first().code() == ProblemCode.LEASE_LOST
        e.first().message().contains('it was taken over by bob@host-b (pid 22)')
        b.calls('r1')*.ordinal() == [1]
        !a.heartbeatRun('r1', Duration.ofMinutes(1))
        b.owners('r1') == ['started by alice@host-a (pid 11)', 'taken over from alice@host-a (pid 11) by bob@host-b (pid 22): alice is offline']

        when: 'the new owner writes'
        b.callStarted('r1', 2, 's', 'sh', 2, 'h', '{}')

        then:
        b.calls('r1')*.ordinal() == [1, 2]

        cleanup:
        a?.close()
        b?.close()
    }

    def "bad input: #what ends #code with a clear message, and nothing is written"() {
        given:
        prepare(db)
        def before = rows(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")

        when:
        Journal.openPostgres(given.replace('DB', db), environment(this), home).withCloseable { j -> j.createRun(newRun('r1')) }

        then:
        def e = thrown(RunbookException)
        e.first().code() == code
        e.first().message().contains(message)
        !e.first().message().contains(PASSWORD)
        rows(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1") == before

        where:
        what                      | given                                                | code                             | message                                              | environment                               | prepare
        'a wrong password'        | "postgresql://$USER@$HOST:$PORT/DB"                  | ProblemCode.JOURNAL_UNAVAILABLE  | "refused the login of $USER"                         | { [PGPASSWORD: 'wrong'] }                 | { }
        'a password in the URL'   | "postgresql://$USER:$PASSWORD@$HOST:$PORT/DB"        | ProblemCode.JOURNAL_UNAVAILABLE  | 'the journal URL carries a password'                 | { it.env }                                | { }
        'another program\'s data' | "postgresql://$USER@$HOST:$PORT/DB"                  | ProblemCode.JOURNAL_CORRUPT      | "holds another program's tables"                     | { it.env }                                | { sql(it, 'CREATE TABLE customers (id int)') }
        'a newer schema'          | "postgresql://$USER@$HOST:$PORT/DB"                  | ProblemCode.JOURNAL_CORRUPT      | 'written by a newer Ripcord (schema 99'              | { it.env }                                | { sql(it, "CREATE TABLE ripcord_journal (application TEXT, version INTEGER); INSERT INTO ripcord_journal VALUES ('ripcord', 99)") }
        'a read-only role'        | "postgresql://ro_reader@$HOST:$PORT/DB"              | ProblemCode.JOURNAL_UNAVAILABLE  | 'cannot be written by ro_reader'                     | { [PGPASSWORD: 'reader-pw'] }             | { readOnlyRole(it) }
    }

    def "a read-only role reads an up-to-date journal but cannot write to it"() {
        given:
        open().withCloseable { it.createRun(newRun('r1')) }
        readOnlyRole(db)
        def j = Journal.openPostgres("postgresql://ro_reader@$HOST:$PORT/$db", [PGPASSWORD: 'reader-pw'], home)

        expect:
        j.runs(null, null, 10)*.id() == ['r1']

        when:
        j.createRun(newRun('r2'))

        then:
        def e = thrown(RunbookException)
        e.first().code() == ProblemCode.JOURNAL_UNAVAILABLE
        e.first().message().contains('cannot be written by ro_reader')
        rows(db, 'SELECT id FROM runs') == [['r1']]

        cleanup:
        j?.close()
    }

    def "the password is found the libpq way: PGPASSWORD, else PGPASSFILE or ~/.pgpass, which must be owner-only"() {
        given:
        Path pass = home.resolve(file)
        Files.writeString(pass, "# comment\nother:1:*:*:nope\n$HOST:$PORT:*:$USER:$PASSWORD\n")
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString(mode))
        Map<String, String> environment = file == '.pgpass' ? [:] : [PGPASSFILE: pass.toString()]

        when:
        boolean opened = tryOpen(environment)

        then:
        opened == expected

        where:
        file      | mode        | expected
        '.pgpass' | 'rw-------' | true
        'pw.txt'  | 'rw-------' | true
        '.pgpass' | 'rw-r--r--' | false
    }

    private boolean tryOpen(Map<String, String> environment) {
        try {
            open(environment).close()
            true
        } catch (RunbookException e) {
            assert e.first().message().contains("refused the login of $USER")
            assert e.first().message().endsWith(" was ignored: others can read it (chmod 600 it)")
            false
        }
    }

    private static void readOnlyRole(String database) {
        sql('postgres', "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ro_reader') THEN CREATE ROLE ro_reader LOGIN PASSWORD 'reader-pw'; END IF; END \$\$")
        sql(database, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ro_reader; REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    }
}
