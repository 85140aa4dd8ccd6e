package io.ripcord.stdlib.postgres

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.ripcord.problem.ProblemCode
import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.backup.Artifact
import io.ripcord.stdlib.backup.BackupVerb
import io.ripcord.stdlib.backup.RestoreVerb
import io.ripcord.stdlib.backup.VerifyVerb
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.postgres.PostgresEngine.rows
import static io.ripcord.stdlib.postgres.PostgresEngine.sql

/** backup, verify and restore of a real PostgreSQL database (bin/engines/postgres.sh) with the real pg_dump and pg_restore. */
@IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
@Timeout(120)
class PostgresBackupSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-pg')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    static final int DEAD_PORT = new ServerSocket(0).withCloseable { it.localPort }
    VerbContexts.RecordedOutput output = new VerbContexts.RecordedOutput()
    def ctx = VerbContexts.context(dir, catalog, output)
    BackupVerb backup = new BackupVerb()
    VerifyVerb verify = new VerifyVerb()
    RestoreVerb restore = new RestoreVerb()
    List<String> databases = []

    def cleanup() {
        databases.each { PostgresEngine.drop(it) }
        dir.toFile().deleteDir()
    }

    /** A database with two related tables; the seed is what a restore must bring back. */
    String seeded(int rows = 20_000) {
        String db = PostgresEngine.freshDatabase()
        databases << db
        sql(db, """CREATE TABLE users (id int PRIMARY KEY, role text NOT NULL, note text);
                   INSERT INTO users SELECT i, CASE WHEN i % 100 = 0 THEN 'Admin' ELSE 'User' END, md5(i::text) FROM generate_series(1, $rows) i;
                   CREATE TABLE orders (id serial PRIMARY KEY, user_id int REFERENCES users, total numeric);
                   INSERT INTO orders (user_id, total) SELECT i, i * 1.5 FROM generate_series(1, $rows, 3) i;""")
        db
    }

    static String fingerprint(String db) {
        rows(db, "SELECT (SELECT count(*) FROM users), (SELECT md5(string_agg(id || role || coalesce(note, ''), ',' ORDER BY id)) FROM users), " +
                "(SELECT count(*) FROM orders), (SELECT sum(total) FROM orders)")[0].toString()
    }

    Artifact backupOf(PostgresTarget target, Map args = [:]) {
        backup.apply(call(backup, [to: 'backups'] + args, target), ctx) as Artifact
    }

    def "round trip: backup, verify with a test restore, damage, restore — the data equals the seed"() {
        given:
        String db = seeded()
        String seed = fingerprint(db)
        def target = PostgresEngine.target(db)

        when:
        Artifact artifact = backupOf(target)
        def manifest = new JsonSlurper().parse(artifact.manifestFile().toFile())
        def verified = verify.apply(call(verify, [restoreTest: true, query: "SELECT count(*) FROM users WHERE role = 'Admin'", expect: { it == 200 }], artifact), ctx)

        then:
        artifact.file().fileName.toString() ==~ /${db}-\d{8}-\d{6}-[0-9a-f]{4}\.dump/
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(artifact.file())) == 'rw-------'
        manifest.kind == 'postgres'
        manifest.source == [id: target.id(), host: PostgresEngine.HOST, port: PostgresEngine.PORT, database: db, user: PostgresEngine.USER]
        manifest.tools.pg_dump ==~ /\d+\.\d+/
        manifest.tools.postgresServer ==~ /\d+\.\d+/
        manifest.artifact.compression == 'none'
        manifest.artifact.sha256 == MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(artifact.file())).encodeHex().toString()
        manifest.restoreByHand.contains('--single-transaction')
        catalog.bySource(target.id())*.id() == [artifact.id()]
        verified.checks().any { it.startsWith('pg_restore read every data block') }
        verified.checks().any { it.startsWith('restore test: restored into scratch database ripcord_verify_') }
        verified.checks().contains("query SELECT count(*) FROM users WHERE role = 'Admin' = 200")
        rows('postgres', "SELECT count(*) FROM pg_database WHERE datname LIKE 'ripcord_verify_%'")[0][0] == 0

        when: 'the data is damaged, then restored'
        sql(db, "DELETE FROM orders; UPDATE users SET role = 'Hacked'; INSERT INTO users VALUES (999999, 'Intruder', null)")
        def restored = restore.apply(call(restore, artifact), ctx) as RestoreVerb.Restored

        then:
        fingerprint(db) == seed
        restored.safetyCopy().endsWith('-safety.dump')
        catalog.entries.any { it.path() == restored.safetyCopy() }
        rows('postgres', "SELECT datconnlimit, has_database_privilege('public', oid, 'CONNECT') FROM pg_database WHERE datname = '$db'")[0] == [-1, true]
        output.lines.any { it.contains("new connections to $db are allowed again") }
    }

    def "verify records the value its query gave on the test restore, and restore shows it, saying the query is not repeated"() {
        given:
        String db = seeded(100)
        Artifact artifact = backupOf(PostgresEngine.target(db))

        when:
        verify.apply(call(verify, [query: 'SELECT count(*) FROM users', expect: { it == 100 }], artifact), ctx)
        restore.apply(call(restore, artifact), ctx)

        then:
        new JsonSlurper().parseText(catalog.entries.find { it.id() == artifact.id() }.verification().checks()).expect == '100'
        output.lines.any { it.contains("applying the checks ${artifact.id()} was verified with: size, SHA-256 and a full read;" +
                " its query SELECT count(*) FROM users = 100 passed at verify on these same bytes (not repeated: it needs a test restore)") }
        !output.lines.any { it.contains('= null') }
        rows(db, 'SELECT count(*) FROM users')[0][0] == 100
    }

    def "a role without CREATEDB fails verify's restore test with a code that is no verdict, records no failed verify, and the backup stays restorable"() {
        given:
        String db = seeded(100)
        String role = "nocreatedb_${Long.toHexString(System.nanoTime())}"
        sql(db, """CREATE ROLE $role LOGIN NOCREATEDB PASSWORD '${PostgresEngine.PASSWORD}';
                   GRANT SELECT ON ALL TABLES IN SCHEMA public TO $role; GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO $role""")
        def target = new PostgresTarget(PostgresEngine.HOST, PostgresEngine.PORT, db, role, PostgresEngine.PASSWORD)
        Artifact artifact = backupOf(target)
        byte[] dump = Files.readAllBytes(artifact.file())

        when:
        verify.apply(call(verify, [query: 'SELECT count(*) FROM users', expect: { it == 100 }], artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.code() == ProblemCode.ENGINE_UNAVAILABLE
        e.message.contains('refused to create the scratch database the restore test needs (ERROR: permission denied to create database)')
        e.message.contains('this says nothing about the backup: no failed verify is recorded')
        e.next().startsWith("give role '$role' CREATEDB (as a superuser: ALTER ROLE \"$role\" CREATEDB)")
        catalog.entries.find { it.id() == artifact.id() }.verification() == null
        rows('postgres', "SELECT count(*) FROM pg_database WHERE datname LIKE 'ripcord\\_verify\\_%'")[0][0] == 0
        Files.readAllBytes(artifact.file()) == dump

        when: 'the role is given CREATEDB: the same backup verifies, and nothing refuses it'
        sql('postgres', "ALTER ROLE $role CREATEDB")
        verify.apply(call(verify, [query: 'SELECT count(*) FROM users', expect: { it == 100 }], artifact), ctx)

        then:
        catalog.entries.find { it.id() == artifact.id() }.verification().passed()
        !output.lines.any { it.contains('stays refused for restore') }

        cleanup:
        databases.each { PostgresEngine.drop(it) }
        databases.clear()
        sql('postgres', "DROP ROLE IF EXISTS $role")
    }

    def "a parallel directory-format backup with globals verifies and restores"() {
        given:
        String db = seeded(5_000)
        String seed = fingerprint(db)
        def target = PostgresEngine.target(db)

        when:
        Artifact artifact = backupOf(target, [jobs: 2, globals: true])
        def globals = artifact.file().resolveSibling(artifact.id() + '.globals.sql')
        verify.apply(call(verify, artifact), ctx)
        sql(db, 'DROP TABLE orders')
        restore.apply(call(restore, artifact), ctx)

        then:
        artifact.file().fileName.toString().endsWith('.dir.tar')
        Files.readString(globals).contains('CREATE ROLE postgres')
        artifact.manifest().sidecars.keySet() == [globals.fileName.toString()] as Set
        fingerprint(db) == seed

        when: 'the globals file is changed'
        Files.writeString(globals, '-- edited\n', java.nio.file.StandardOpenOption.APPEND)
        verify.apply(call(verify, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('.globals.sql: SHA-256 is')
    }

    def "a dump truncated to half passes pg_restore -l but fails verify, and restore refuses it without touching the live database"() {
        given:
        String db = seeded()
        def target = PostgresEngine.target(db)
        Artifact artifact = backupOf(target)
        sql(db, "INSERT INTO users VALUES (777777, 'Newer', 'after the backup')")
        String live = fingerprint(db)
        truncateToHalf(artifact, rehash, catalog)

        expect: 'the table of contents still reads'
        pgRestore('-l', artifact.file().toString())[0] == 0

        when:
        verify.apply(call(verify, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains(caughtBy)

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        def refused = thrown(VerbFailure)
        refused.message.startsWith('match: refusing to restore')
        refused.message.contains("postgres $db@")
        refused.message.contains('was not touched')
        fingerprint(db) == live
        catalog.entries.every { !it.id().contains('safety') }

        where:
        rehash | caughtBy
        false  | 'size is'                                     // the artifact was cut after it was written
        true   | 'pg_restore could not read every data block' // pg_dump's output was cut before it was hashed
    }

    def "a restore that fails half-way rolls back and leaves the live database as it was, and connections allowed"() {
        given: 'a table owned by a role that no longer exists when the restore runs'
        String db = seeded()
        String role = "ghost_${Long.toHexString(System.nanoTime())}"
        sql('postgres', "CREATE ROLE $role")
        sql(db, "CREATE TABLE haunted (id int); ALTER TABLE haunted OWNER TO $role")
        Artifact artifact = backupOf(PostgresEngine.target(db))
        sql(db, "DROP TABLE haunted; UPDATE users SET note = 'changed since'")
        sql('postgres', "DROP ROLE $role")
        String live = fingerprint(db)

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('failed and was rolled back')
        e.message.contains("$db is as it was")
        e.message.contains('safety copy:')
        e.message.contains("role \"$role\" does not exist")
        fingerprint(db) == live
        rows('postgres', "SELECT datconnlimit, has_database_privilege('public', oid, 'CONNECT') FROM pg_database WHERE datname = '$db'")[0] == [-1, true]
    }

    def "a restore killed while new connections were blocked is healed by the next restore, from what it recorded"() {
        given: 'a restore that blocked connections and died before allowing them again'
        String db = seeded(100)
        def target = PostgresEngine.target(db)
        Artifact artifact = backupOf(target)
        PostgresEngine.connect('postgres').withCloseable { admin ->
            ConnectionBlock.apply(admin, target, PgRestore.stateDir(ctx), ctx)
        }
        def blocked = rows('postgres', "SELECT datconnlimit, has_database_privilege('public', oid, 'CONNECT') FROM pg_database WHERE datname = '$db'")[0]

        when: 'the restore runs again (a resume, or a new run)'
        restore.apply(call(restore, artifact), ctx)

        then: 'connections are allowed as they were before the first block, not as the blocked values seen now'
        blocked == [0, false]
        rows('postgres', "SELECT datconnlimit, has_database_privilege('public', oid, 'CONNECT') FROM pg_database WHERE datname = '$db'")[0] == [-1, true]
        output.lines.any { it.contains('an earlier restore of ' + db + ' stopped while connections were blocked') }
        java.nio.file.Files.list(PgRestore.stateDir(ctx)).count() == 0
    }

    def "a restore test drops scratch databases a killed earlier test left behind, and its own"() {
        given: 'a scratch database from a restore test killed seven hours ago'
        String db = seeded(100)
        Artifact artifact = backupOf(PostgresEngine.target(db))
        String orphan = 'ripcord_verify_' + (System.currentTimeMillis() - 7 * 3600_000L) + '_dead'
        sql('postgres', "CREATE DATABASE $orphan")

        when:
        verify.apply(call(verify, [restoreTest: true], artifact), ctx)

        then:
        rows('postgres', "SELECT count(*) FROM pg_database WHERE datname LIKE 'ripcord_verify_%'")[0][0] == 0
    }

    def "the restore-by-hand command quotes every word, so it is safe to paste"() {
        given:
        def target = new PostgresTarget('db.internal', 5432, "it's; rm -rf /", 'app', null)

        when:
        String plain = PgDump.restoreByHand(target, java.nio.file.Path.of('/backups/a b.dump'), io.ripcord.stdlib.storage.Compression.NONE, false, null)
        String tree = PgDump.restoreByHand(target, java.nio.file.Path.of('/backups/x.dir.tar'), io.ripcord.stdlib.storage.Compression.GZIP, true, null)

        then:
        plain == "pg_restore -h 'db.internal' -p 5432 -U 'app' -d 'it'\\''s; rm -rf /' --clean --if-exists --single-transaction --exit-on-error '/backups/a b.dump'"
        tree.startsWith('d=$(mktemp -d) && gzip -dc \'/backups/x.dir.tar\' | tar -xf - -C "$d" && pg_restore')
        tree.endsWith('"$d"')
    }

    def "a second restore of the same database while one runs is refused by the guard stage, and touches nothing"() {
        given: 'another restore holds the server-side restore lock'
        String db = seeded(100)
        Artifact artifact = backupOf(PostgresEngine.target(db))
        sql(db, "UPDATE users SET note = 'live'")
        def holder = PostgresEngine.connect('postgres')
        holder.createStatement().execute("SELECT pg_advisory_lock(hashtext('ripcord-restore:$db'))")
        List<List> stages = []

        when:
        restore.apply(call(restore, artifact), ctx.withStages({ stage, outcome, ms -> stages << [stage, outcome] } as io.ripcord.verb.StageLog))

        then: 'the guard refused, said so, and the sweep ran after it'
        VerbFailure e = thrown()
        e.message.startsWith('guard: another restore of')
        stages == [['match', 'done'], ['stage', 'done'], ['guard', 'failed'], ['sweep', 'done']]
        rows(db, "SELECT count(*) FROM users WHERE note = 'live'")[0][0] == 100
        rows('postgres', "SELECT datconnlimit, has_database_privilege('public', oid, 'CONNECT') FROM pg_database WHERE datname = '$db'")[0] == [-1, true]

        cleanup:
        holder?.close()
    }

    def "a database found blocked with no record to explain it is not restored: its real settings are unknown"() {
        given:
        String db = seeded(100)
        Artifact artifact = backupOf(PostgresEngine.target(db))
        sql('postgres', "ALTER DATABASE \"$db\" CONNECTION LIMIT 0")

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        VerbFailure e = thrown()
        e.message.contains('are already blocked (CONNECTION LIMIT 0)')
        e.next().contains('CONNECTION LIMIT -1')

        cleanup:
        sql('postgres', "ALTER DATABASE \"$db\" CONNECTION LIMIT -1")
    }

    def "healthCheck postgres(...) connects and runs its query; a dead server is unhealthy, with the reason"() {
        given:
        String db = seeded(100)
        def health = new io.ripcord.stdlib.health.HealthCheckVerb()

        expect:
        health.apply(call(health, [query: 'SELECT count(*) FROM users', expect: 100], PostgresEngine.target(db)), ctx).healthy()

        when:
        health.apply(call(health, [timeout: 2.seconds], new PostgresTarget('127.0.0.1', DEAD_PORT, db, PostgresEngine.USER, null)), ctx)

        then:
        VerbFailure e = thrown()
        e.message.startsWith("postgres $db@127.0.0.1:$DEAD_PORT is unhealthy after 1 attempt")
    }

    @Timeout(60)
    def "a session holding a lock does not make the restore hang: it is terminated and named"() {
        given:
        String db = seeded(2_000)
        String seed = fingerprint(db)
        Artifact artifact = backupOf(PostgresEngine.target(db))
        sql(db, 'DELETE FROM orders')
        def holder = PostgresEngine.connect(db)
        holder.createStatement().execute("SET application_name = 'lock-holder'")
        holder.autoCommit = false
        holder.createStatement().execute('LOCK TABLE users IN ACCESS EXCLUSIVE MODE')
        int pid = holder.createStatement().executeQuery('SELECT pg_backend_pid()').with { next(); getInt(1) }

        when:
        def restored = restore.apply(call(restore, artifact), ctx) as RestoreVerb.Restored

        then:
        fingerprint(db) == seed
        restored.sessions().any { it.startsWith("pid $pid (user postgres, application 'lock-holder', client 127.0.0.1") }
        output.lines.any { it.startsWith('warn: terminated 1 session(s)') && it.contains("pid $pid") && it.contains('lock-holder') }
        holder.isValid(2) == false

        cleanup:
        holder?.close()
    }

    def "the password never appears on pg_dump's command line or in its environment"() {
        given: 'a lock keeps pg_dump waiting, so its process can be looked at'
        String db = seeded(100)
        def holder = PostgresEngine.connect(db)
        holder.autoCommit = false
        holder.createStatement().execute('LOCK TABLE users IN ACCESS EXCLUSIVE MODE')
        Map<String, String> seen = [:]

        when:
        def running = Thread.start { backupOf(PostgresEngine.target(db)) }
        long deadline = System.currentTimeMillis() + 20_000
        while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
            seen = pgDumpProcesses()
            sleep 20
        }
        holder.rollback()
        running.join(30_000)

        then:
        !seen.isEmpty()
        seen.values().every { it.contains('pg_dump') && it.contains(' -w ') && !it.contains(PostgresEngine.PASSWORD) }
        seen.values().every { it.contains('PGPASSFILE=') && !it.contains('PGPASSWORD=') }
        Files.list(Path.of(System.getProperty('java.io.tmpdir'))).noneMatch { it.fileName.toString().startsWith('ripcord-pgpass-') }

        cleanup:
        holder?.close()
    }

    def "an archive written by a newer pg_dump is refused by name, with what to install"() {
        given: 'an archive whose header says format 1.99, hashed as a newer pg_dump would have written it'
        String db = seeded(100)
        Artifact artifact = backupOf(PostgresEngine.target(db))
        byte[] bytes = Files.readAllBytes(artifact.file())
        bytes[6] = 99
        rewrite(artifact, bytes, [pg_dump: '99.1'], catalog)

        when:
        verify.apply(call(verify, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('is older than the archive: its format 1.99, written by pg_dump 99.1, is newer than this pg_restore can read')
        e.next().contains('apt-get install postgresql-client-99')

        and: 'an old pg_restore says nothing about the backup: not a verdict, nothing recorded against it'
        e.code() == io.ripcord.problem.ProblemCode.ENGINE_UNAVAILABLE
        e.message.contains('nothing was decided about the backup')
        catalog.bySource(artifact.source().id()).every { it.verification() == null }
    }

    def "backup errors name the cause and the next step: #why"() {
        when:
        backup.apply(call(backup, [to: 'backups'], target), ctx)

        then:
        def e = thrown(VerbFailure)
        e.code() == code
        e.message.contains(message)
        e.next().contains(next)
        !Files.exists(dir.resolve('backups')) || Files.list(dir.resolve('backups')).count() == 0

        where:
        why                 | target                                                                             | code                           | message                                         | next
        'server is down'    | new PostgresTarget('127.0.0.1', 1, 'app', 'postgres', 'some-secret')               | ProblemCode.ENGINE_UNAVAILABLE | 'the PostgreSQL server at 127.0.0.1:1 does not answer' | 'pg_isready -h 127.0.0.1 -p 1'
        'wrong password'    | PostgresEngine.target('postgres', 'not-the-password')                              | ProblemCode.ENGINE_UNAVAILABLE | "refused the login of user 'postgres'"          | 'check the password'
        'unknown database'  | PostgresEngine.target('no_such_database')                                          | ProblemCode.STEP_FAILED        | "database 'no_such_database' does not exist"    | 'psql -l'
    }

    def "a missing pg_dump is a clear failure saying what to install"() {
        when:
        PgTools.find('pg_dump_not_here', 'back up postgres app')

        then:
        def e = thrown(VerbFailure)
        e.message == 'pg_dump_not_here is not installed (not on PATH, nor under /usr/lib/postgresql/*/bin); it is needed to back up postgres app'
        e.next().contains('apt-get install postgresql-client')
    }

    def "the plan looks at the server without touching it, and says so when it cannot reach it"() {
        given:
        String db = seeded(100)
        Artifact artifact = backupOf(PostgresEngine.target(db))
        def holder = PostgresEngine.connect(db)
        holder.createStatement().execute("SET application_name = 'busy-app'")

        when:
        def backupPlan = backup.plan(call(backup, [to: 'backups', keep: 3], PostgresEngine.target(db)), ctx)
        def deadPlan = backup.plan(call(backup, [to: 'backups'], new PostgresTarget('127.0.0.1', 1, 'app', 'postgres', null)), ctx)
        def restorePlan = restore.plan(call(restore, artifact), ctx)
        def verifyPlan = verify.plan(call(verify, [restoreTest: true], artifact), ctx)

        then:
        backupPlan.summary() == "back up postgres $db@${PostgresEngine.HOST}:${PostgresEngine.PORT} to backups as $db-<time>.dump"
        backupPlan.details().source ==~ /pg_dump \d+\.\d+ of PostgreSQL \d+\.\d+, [\d.]+ [KM]B per pg_database_size/
        backupPlan.details().retention == 'deletes nothing'
        deadPlan.details().source.startsWith('PROBLEM: cannot reach postgres app@127.0.0.1:1: the PostgreSQL server at 127.0.0.1:1 does not answer')
        restorePlan.summary().startsWith("restore backup ${artifact.id()}")
        restorePlan.details().sessions.contains("application 'busy-app'")
        restorePlan.details()['safety copy'].startsWith("pg_dump -Fc of $db@")
        restorePlan.details().keySet().toList() == ['stages', 'first', 'sessions', 'then', 'safety copy', 'restore'] // apply's order
        verifyPlan.details().checks.contains('pg_restore reads every data block')
        rows('postgres', "SELECT datconnlimit FROM pg_database WHERE datname = '$db'")[0][0] == -1
        catalog.entries.size() == 1
        holder.isValid(2)

        cleanup:
        holder?.close()
    }

    def "restore to: another database creates it and leaves the source alone"() {
        given:
        String db = seeded(1_000)
        String copy = "copy_${Long.toHexString(System.nanoTime())}"
        databases << copy
        Artifact artifact = backupOf(PostgresEngine.target(db))
        sql(db, 'DELETE FROM orders')
        String live = fingerprint(db)

        when:
        def restored = restore.apply(call(restore, [to: copy], artifact), ctx) as RestoreVerb.Restored

        then:
        restored.target() == PostgresEngine.target(copy).id()
        restored.safetyCopy() == null
        rows(copy, 'SELECT count(*) FROM orders')[0][0] > 0
        fingerprint(db) == live
    }

    def "PostgresProbe connects and runs a query, and says clearly when it cannot"() {
        when:
        def result = PostgresProbe.probe(PostgresEngine.target('postgres'), 'SELECT 41 + 1', java.time.Duration.ofSeconds(5))

        then:
        result.value() == 42
        result.serverVersion() ==~ /\d+\.\d+.*/

        when:
        PostgresProbe.probe(new PostgresTarget('127.0.0.1', 1, 'app', 'postgres', null), null, java.time.Duration.ofSeconds(2))

        then:
        def e = thrown(VerbFailure)
        e.message.startsWith('health probe of postgres app@127.0.0.1:1: the PostgreSQL server at 127.0.0.1:1 does not answer')
    }

    // --- helpers ---

    static List pgRestore(String... args) {
        def p = ([PgTools.locate('pg_restore').toString()] + args.toList()).execute()
        def err = new StringBuffer()
        p.consumeProcessErrorStream(err)
        p.inputStream.text
        p.waitFor()
        [p.exitValue(), err.toString()]
    }

    /** Cuts the artifact to half; with rehash, its manifest is rewritten to match, as if pg_dump's output had been cut. */
    static void truncateToHalf(Artifact artifact, boolean rehash, VerbContexts.MemoryCatalog catalog) {
        byte[] half = Arrays.copyOf(Files.readAllBytes(artifact.file()), (int) (artifact.size() / 2))
        if (rehash) {
            rewrite(artifact, half, [:], catalog)
        } else {
            Files.write(artifact.file(), half)
        }
    }

    /** What the backup would have been had pg_dump written these bytes: artifact, manifest and catalog entry agree. */
    static void rewrite(Artifact artifact, byte[] bytes, Map tools, VerbContexts.MemoryCatalog catalog) {
        Files.write(artifact.file(), bytes)
        def m = new JsonSlurper().parse(artifact.manifestFile().toFile())
        m.artifact.size = bytes.length
        m.artifact.sha256 = MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
        m.tools.putAll(tools)
        Files.writeString(artifact.manifestFile(), JsonOutput.toJson(m))
        catalog.add(Artifact.read(artifact.manifestFile()).toCatalogEntry('test-run', 'test step'))
    }

    static Map<String, String> pgDumpProcesses() {
        Map<String, String> out = [:]
        Files.list(Path.of('/proc')).withCloseable { procs ->
            procs.filter { it.fileName.toString().isNumber() }.forEach { p ->
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve('cmdline'))).replace('\0' as char, ' ' as char)
                    if (cmdline.contains('pg_dump') && cmdline.contains('-Fc')) {
                        // read at once: once pg_dump is gone, so is its environment
                        out[p.fileName.toString()] = cmdline + '\n' + environ(p.fileName.toString())
                    }
                } catch (IOException ignored) {
                }
            }
        }
        out
    }

    static String environ(String pid) {
        try {
            // the specs' own RIPCORD_TEST_* (the PostgreSQL password, S3 keys that contain it) reach every child of this JVM: only Ripcord's handling is judged
        new String(Files.readAllBytes(Path.of('/proc', pid, 'environ'))).split('\0').findAll { !it.startsWith('RIPCORD_TEST_') }.join('\n')
        } catch (IOException ignored) {
            ''
        }
    }
}
