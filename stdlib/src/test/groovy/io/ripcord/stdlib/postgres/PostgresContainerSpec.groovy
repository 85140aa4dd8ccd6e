package io.ripcord.stdlib.postgres

import groovy.json.JsonSlurper
import io.ripcord.problem.ProblemCode
import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.backup.Artifact
import io.ripcord.stdlib.backup.BackupVerb
import io.ripcord.stdlib.backup.RestoreVerb
import io.ripcord.stdlib.backup.VerifyVerb
import io.ripcord.stdlib.docker.DockerTestEngine
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

import static io.ripcord.stdlib.VerbContexts.call

/**
 * postgres(container: | compose:) against a real PostgreSQL container (the image bin/engines/pgimage.sh builds from
 * the host's Debian packages): pg_dump, pg_restore and psql run inside it through the Engine's exec API, no port
 * published, no password anywhere.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(DockerTestEngine.available() && System.getenv('RIPCORD_TEST_PG_IMAGE')) },
        reason = 'no Docker Engine or no PostgreSQL test image (bin/engines/docker.sh, then bin/engines/pgimage.sh)')
@Timeout(180)
class PostgresContainerSpec extends Specification {

    @Shared String image = System.getenv('RIPCORD_TEST_PG_IMAGE')
    @Shared String pg = "ripcord-spec-pg-${ProcessHandle.current().pid()}"
    @Shared String composed = "ripcord-spec-pgc-${ProcessHandle.current().pid()}"
    @Shared String project = "ripcordspec${ProcessHandle.current().pid()}"

    Path dir = Files.createTempDirectory('ripcord-pgc')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    VerbContexts.RecordedOutput output = new VerbContexts.RecordedOutput()
    def ctx = VerbContexts.context(dir, catalog, output)
    BackupVerb backup = new BackupVerb()
    VerifyVerb verify = new VerifyVerb()
    RestoreVerb restore = new RestoreVerb()
    PostgresTargetVerb postgres = new PostgresTargetVerb()

    def setupSpec() {
        assert image: 'RIPCORD_TEST_PG_IMAGE is not set: source bin/engines/pgimage.sh'
        DockerTestEngine.ensureImages()
        DockerTestEngine.remove(pg, composed)
        DockerTestEngine.run(['docker', 'run', '-d', '--name', pg, image])
        DockerTestEngine.run(['docker', 'run', '-d', '--name', composed, '--label', "com.docker.compose.project=$project".toString(),
                              '--label', 'com.docker.compose.service=db', image])
        [pg, composed].each { awaitReady(it) }
    }

    def cleanupSpec() {
        DockerTestEngine.remove(pg, composed)
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    static void awaitReady(String container) {
        for (int i = 0; i < 100; i++) {
            if (DockerTestEngine.exec(['docker', 'exec', '-u', 'postgres', container, 'psql', '-X', '-c', 'SELECT 1']).exit == 0) {
                return
            }
            Thread.sleep(100)
        }
        assert false: "PostgreSQL in $container did not come up: ${DockerTestEngine.exec(['docker', 'logs', container]).out}"
    }

    /** psql inside the container, as a user would run it by hand: the oracle. */
    static String psql(String container, String db, String sql) {
        def r = DockerTestEngine.exec(['docker', 'exec', '-u', 'postgres', container, 'psql', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql])
        assert r.exit == 0: r.out
        r.out.trim()
    }

    static String seeded(String container, int rows = 20_000) {
        String db = "shop_${Long.toHexString(System.nanoTime())}"
        psql(container, 'postgres', "CREATE DATABASE $db")
        psql(container, db, """CREATE TABLE users (id int PRIMARY KEY, role text NOT NULL, note text);
                   INSERT INTO users SELECT i, CASE WHEN i % 100 = 0 THEN 'Admin' ELSE 'User' END, md5(i::text) FROM generate_series(1, $rows) i;
                   CREATE TABLE orders (id serial PRIMARY KEY, user_id int REFERENCES users, total numeric);
                   INSERT INTO orders (user_id, total) SELECT i, i * 1.5 FROM generate_series(1, $rows, 3) i;""")
        db
    }

    static String fingerprint(String container, String db) {
        psql(container, db, "SELECT (SELECT count(*) FROM users), (SELECT md5(string_agg(id || role || coalesce(note, ''), ',' ORDER BY id)) FROM users), " +
                "(SELECT count(*) FROM orders), (SELECT sum(total) FROM orders)")
    }

    def target(Map args) {
        postgres.value(call(postgres, args), ctx)
    }

    Artifact backupOf(Object target) {
        backup.apply(call(backup, [to: 'backups'], target), ctx) as Artifact
    }

    def "round trip in a container: backup, verify with a test restore, damage, restore over a held session — the data equals the seed"() {
        given:
        String db = seeded(pg)
        String seed = fingerprint(pg, db)
        def source = target(container: pg, database: db)

        when:
        Artifact artifact = backupOf(source)
        def manifest = new JsonSlurper().parse(artifact.manifestFile().toFile())
        def verified = verify.apply(call(verify, [restoreTest: true, query: "SELECT count(*) FROM users WHERE role = 'Admin'", expect: { it == 200 }], artifact), ctx)

        then:
        source instanceof PostgresContainerTarget
        manifest.kind == 'postgres-container'
        manifest.source == [id: "postgres:container:$pg/$db".toString(), container: pg, database: db, user: 'postgres']
        manifest.tools.pg_dump == manifest.tools.postgresServer
        manifest.restoreByHand.startsWith("docker exec -i -u postgres '$pg' pg_restore -U 'postgres' -d '$db' --clean --if-exists --single-transaction")
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(artifact.file())) == 'rw-------'
        new String(Files.readAllBytes(artifact.file()), 0, 5, 'US-ASCII') == 'PGDMP'
        verified.checks().findAll { it.startsWith('pg_restore ') }.size() == 1
        verified.checks().any { it.contains("in container $pg read every data block") }
        verified.checks().any { it.startsWith('restore test: restored into scratch database ripcord_verify_') }
        verified.checks().contains("query SELECT count(*) FROM users WHERE role = 'Admin' = 200")
        psql(pg, 'postgres', "SELECT count(*) FROM pg_database WHERE datname LIKE 'ripcord_verify_%'") == '0'

        when: 'the data is damaged while an application holds a session open, then restored'
        psql(pg, db, "DELETE FROM orders; UPDATE users SET role = 'Hacked'; INSERT INTO users VALUES (999999, 'Intruder', null)")
        Process app = new ProcessBuilder('docker', 'exec', '-i', '-u', 'postgres', pg, 'psql', '-X', '-q', '-d', db, '-v', 'ON_ERROR_STOP=1')
                .redirectErrorStream(true).start()
        app.outputStream.write("SET application_name = 'held-app';\nBEGIN;\nSELECT count(*) FROM users;\n".bytes)
        app.outputStream.flush()
        waitFor { psql(pg, 'postgres', "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'held-app'") == '1' }
        def restored = restore.apply(call(restore, artifact), ctx) as RestoreVerb.Restored

        then:
        fingerprint(pg, db) == seed
        restored.sessions().size() == 1
        restored.sessions()[0].contains("application 'held-app'")
        output.lines.any { it.contains("blocking new connections to $db") }
        output.lines.any { it.contains("new connections to $db are allowed again") }
        restored.safetyCopy().endsWith('-safety.dump')
        catalog.entries.any { it.path() == restored.safetyCopy() }
        psql(pg, 'postgres', "SELECT datconnlimit, has_database_privilege('public', oid, 'CONNECT') FROM pg_database WHERE datname = '$db'") == '-1|t'
        psql(pg, 'postgres', "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ripcord'") == '0'

        cleanup:
        app?.destroyForcibly()
    }

    def "while a container's database is restored, an application's new connections are refused, and allowed again afterwards"() {
        given: 'an application role that is not a superuser (superusers are exempt from both blocks)'
        String db = seeded(pg, 200_000)
        String role = "app_${Long.toHexString(System.nanoTime())}"
        psql(pg, 'postgres', "CREATE ROLE $role LOGIN")
        Artifact artifact = backupOf(target(container: pg, database: db))
        List<String> seen = Collections.synchronizedList([])
        Thread watcher = Thread.start {
            while (!Thread.currentThread().interrupted) {
                def r = DockerTestEngine.exec(['docker', 'exec', '-u', 'postgres', pg, 'psql', '-X', '-U', role, '-d', db, '-c', 'SELECT 1'])
                if (r.exit != 0) {
                    seen << r.out
                }
            }
        }

        when:
        restore.apply(call(restore, artifact), ctx)
        watcher.interrupt()
        watcher.join(10_000)

        then:
        seen.any { it.contains("permission denied for database \"$db\"") }
        psql(pg, db, 'SELECT count(*) FROM users') == '200000'
        DockerTestEngine.exec(['docker', 'exec', '-u', 'postgres', pg, 'psql', '-X', '-U', role, '-d', db, '-c', 'SELECT 1']).exit == 0
    }

    def "compose: finds the running container by its Compose labels"() {
        given:
        String db = seeded(composed, 1_000)
        def source = target(compose: [project, 'db'], database: db)

        when:
        Artifact artifact = backupOf(source)
        def verified = verify.apply(call(verify, artifact), ctx)

        then:
        artifact.manifest().source == [id: "postgres:compose:$project/db/$db".toString(), compose: [project, 'db'], database: db, user: 'postgres']
        artifact.manifest().restoreByHand.startsWith("docker compose -p '$project' exec -T -u postgres 'db' pg_restore")
        verified.checks().any { it.contains("in compose service $project/db read every data block") }
    }

    def "a dump cut before it was hashed fails verify in the container, and restore refuses it without touching the database"() {
        given:
        String db = seeded(pg)
        Artifact artifact = backupOf(target(container: pg, database: db))
        psql(pg, db, "INSERT INTO users VALUES (777777, 'Newer', 'after the backup')")
        String live = fingerprint(pg, db)
        PostgresBackupSpec.truncateToHalf(artifact, true, catalog)

        when:
        verify.apply(call(verify, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('pg_restore could not read every data block')

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        def refused = thrown(VerbFailure)
        refused.message.contains('refusing to restore')
        refused.message.contains('was not touched')
        fingerprint(pg, db) == live
        catalog.entries.every { !it.id().contains('safety') }
    }

    def "healthCheck runs its query inside the container, and a stopped container is unhealthy, named"() {
        given:
        String db = seeded(pg, 100)
        def health = new io.ripcord.stdlib.health.HealthCheckVerb()
        String stopped = "ripcord-spec-stopped-${Long.toHexString(System.nanoTime())}"
        DockerTestEngine.run(['docker', 'create', '--name', stopped, image])

        expect:
        health.apply(call(health, [query: 'SELECT count(*) FROM users', expect: 100], target(container: pg, database: db)), ctx).healthy()

        when:
        health.apply(call(health, [timeout: 2.seconds], target(container: stopped, database: db)), ctx)

        then:
        VerbFailure e = thrown()
        e.message.startsWith("postgres $db in container $stopped is unhealthy after 1 attempt")
        e.message.contains('is not running (created)')

        cleanup:
        DockerTestEngine.remove(stopped)
    }

    def "a container that is #what fails the backup naming it, with nothing written"() {
        given:
        String name = "ripcord-spec-bad-${Long.toHexString(System.nanoTime())}"
        setup(name)

        when:
        backupOf(target(container: name, database: 'shop'))

        then:
        def e = thrown(VerbFailure)
        e.code() == ProblemCode.TARGET_MISSING
        e.message.contains(name)
        e.message.contains(says)
        e.next() != null
        !Files.exists(dir.resolve('backups')) || Files.list(dir.resolve('backups')).withCloseable { it.toList() } == []
        catalog.entries == []

        cleanup:
        DockerTestEngine.remove(name)

        where:
        what               | setup                                                                                         | says
        'not PostgreSQL'   | { String n -> DockerTestEngine.runApp(n, DockerTestEngine.V1) }                               | 'has no pg_dump'
        'missing'          | { String n -> }                                                                               | "no container named '"
        'stopped'          | { String n -> DockerTestEngine.run(['docker', 'create', '--name', n, DockerTestEngine.V1]) } | 'is not running (created)'
    }

    def "in a container, a role without CREATEDB fails verify's restore test with a code that is no verdict, and no failed verify is recorded"() {
        given:
        String db = seeded(pg, 10)
        String role = "nocreatedb_${Long.toHexString(System.nanoTime())}"
        psql(pg, db, "CREATE ROLE $role LOGIN NOCREATEDB; GRANT SELECT ON ALL TABLES IN SCHEMA public TO $role; GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO $role")
        Artifact artifact = backupOf(target(container: pg, database: db, user: role))

        when:
        verify.apply(call(verify, [query: 'SELECT count(*) FROM users', expect: 10], artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.code() == ProblemCode.ENGINE_UNAVAILABLE
        e.message.contains('refused to create the scratch database the restore test needs (')
        e.message.contains('permission denied to create database')
        e.next().startsWith("give role '$role' CREATEDB")
        catalog.entries.find { it.id() == artifact.id() }.verification() == null
    }

    def "a role the server in the container does not know is a refused login, with the code of a server that refuses (69), and nothing written"() {
        given:
        String db = seeded(pg, 10)

        when:
        backupOf(target(container: pg, database: db, user: 'nobody_here'))

        then:
        def e = thrown(VerbFailure)
        e.code() == ProblemCode.ENGINE_UNAVAILABLE
        e.message.contains("refused the login")
        e.message.contains('role "nobody_here" does not exist')
        e.next().contains('check user:')
        !Files.exists(dir.resolve('backups')) || Files.list(dir.resolve('backups')).withCloseable { it.toList() } == []
        catalog.entries == []
    }

    def "bad arguments to postgres(container:) fail at the call with what to write instead"() {
        when:
        target(args)

        then:
        def e = thrown(io.ripcord.problem.RunbookException)
        e.problems()[0].code() == ProblemCode.INVALID_ARGUMENT
        e.problems()[0].message().contains(says)

        where:
        args                                                 | says
        [container: 'db']                                    | 'postgres needs a database'
        [container: 'db', database: 'x', port: 5432]         | 'port: cannot be given with container:'
        [container: 'db', compose: ['a', 'b'], database: 'x'] | 'not both'
        [compose: ['only-project'], database: 'x']           | "compose: is ['PROJECT', 'SERVICE']"
    }

    static void waitFor(Closure<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
        while (!condition()) {
            assert System.nanoTime() < deadline: 'condition not met within 20 s'
            Thread.sleep(50)
        }
    }
}
