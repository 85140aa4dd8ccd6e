package io.ripcord.cli

import groovy.json.JsonSlurper
import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout
import spock.util.concurrent.PollingConditions

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.stdlib.postgres.PostgresEngine.rows
import static io.ripcord.stdlib.postgres.PostgresEngine.sql

/**
 * Every restore is one pipeline of named stages: the plan lists them, the journal records each on the restore's call
 * as it ends (`show`, text and JSON), and a failure names the stage that refused. Real SQLite files, directories,
 * a real sqlite3 process holding the database, and the PostgreSQL server bin/engines/postgres.sh brings up.
 */
@Timeout(180)
class RestorePipelineSpec extends Specification {

    static final List<String> STAGES = ['match', 'stage', 'guard', 'safety', 'replace', 'sweep']

    Path dir = Files.createTempDirectory('ripcord-pipeline')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(), APP_DB_PASSWORD: PostgresEngine.PASSWORD]
    List<Process> started = []

    def cleanup() {
        started.each { it.destroyForcibly(); it.waitFor() }
        dir.toFile().deleteDir()
    }

    CliHarness.Result here(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    static String sqlite(Path db, String sql) {
        def p = new ProcessBuilder('sqlite3', db.toString(), sql).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: out
        out.trim()
    }

    static String sha(Path file) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }

    def "the plan of a restore says the run will refuse a backup that failed verify, and the run does, at match"() {
        given: 'a backup whose verify failed (a byte added to its file)'
        Files.writeString(dir.resolve('notes.txt'), 'the notes\n')
        Files.writeString(dir.resolve('backup.groovy'), """runbook 'pipeline/refused-backup', version: '1.0.0', {
            step 'back up', { backup file('notes.txt'), to: 'backups' }
        }
        """)
        Files.writeString(dir.resolve('verify.groovy'), """runbook 'pipeline/refused-verify', version: '1.0.0', {
            step 'verify', { verify lastBackup(file('notes.txt')) }
        }
        """)
        Files.writeString(dir.resolve('restore.groovy'), """runbook 'pipeline/refused-restore', version: '1.0.0', {
            step 'restore', { restore backups(file('notes.txt'), includeFailed: true).first() }
        }
        """)
        assert here('run', '--no-plan', 'backup.groovy').exit == 0
        Path artifact = Files.list(dir.resolve('backups')).withCloseable { f -> f.find { it.toString().endsWith('.gz') } }
        Files.write(artifact, [0x78] as byte[], java.nio.file.StandardOpenOption.APPEND)
        assert here('run', '--no-plan', 'verify.groovy').exit == 65
        String before = sha(dir.resolve('notes.txt'))

        when:
        def plan = here('plan', 'restore.groovy')
        def run = here('run', '--no-plan', 'restore.groovy')

        then:
        plan.exit == 0
        plan.out.readLines().any { it.trim().startsWith('refused: the run refuses it (VERIFICATION_FAILED): it failed verify at ') }
        run.exit == 65
        run.err.contains('restore: match: refusing to restore: backup ')
        sha(dir.resolve('notes.txt')) == before
    }

    /** A runbook that backs `target` up, changes it, then restores the backup over it. */
    void runbooks(String name, String target, String change) {
        Files.writeString(dir.resolve('backup.groovy'), """runbook 'pipeline/$name-backup', version: '1.0.0', {
            step 'back up', { backup $target, to: 'backups' }
        }
        """)
        Files.writeString(dir.resolve('restore.groovy'), """runbook 'pipeline/$name-restore', version: '1.0.0', {
            step 'restore', { restore lastBackup($target) }
        }
        """)
        assert here('run', '--no-plan', 'backup.groovy').exit == 0
        new ProcessBuilder('sh', '-c', change).directory(dir.toFile()).inheritIO().start().waitFor()
    }

    /** The restore call's stages as `show --format json` lists them: [name, outcome] in the order they ended. */
    List<List<String>> journaledStages(String runId) {
        def shown = here('show', runId, '--format', 'json')
        assert shown.exit == 0: shown.err
        def calls = new JsonSlurper().parseText(shown.out).steps*.calls.flatten().findAll { it.verb == 'restore' }
        assert calls.size() == 1
        calls[0].stages.collect { [it.name, it.outcome] }
    }

    static String runIdOf(CliHarness.Result run) {
        (run.out + run.err).find(/Run (\S+)/) { it[1] }
    }

    def "a #kind restore journals its six stages in order, done, and show lists each with its duration"() {
        given:
        Files.createDirectories(dir.resolve('data'))
        Files.writeString(dir.resolve('data/a.txt'), 'backed up')
        sqlite(dir.resolve('app.db'), "CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('backed up');")
        runbooks(kind, target, change)

        when:
        def run = here('run', '--no-plan', 'restore.groovy')
        def id = runIdOf(run)
        def text = here('show', id)
        def json = new JsonSlurper().parseText(here('show', id, '--format', 'json').out)
        def restoreCall = json.steps*.calls.flatten().find { it.verb == 'restore' }

        then:
        run.exit == 0
        journaledStages(id) == STAGES.collect { [it, 'done'] }
        restoreCall.stages.every { it.durationMs instanceof Number && it.durationMs >= 0 }
        text.out =~ /(?m)^ {6}stages: match \d+ms, stage \d+ms, guard \d+ms, safety \d+ms, replace \d+ms, sweep \d+ms$/
        !json.events.any { it.startsWith('stage: ') } // under their call, not among the run's events

        and: 'the backup is back'
        restored.call(dir)

        where:
        kind     | target              | change                                                   | restored
        'sqlite' | "sqlite('app.db')"  | "sqlite3 app.db \"UPDATE t SET x = 'changed'\""          | { Path d -> sqlite(d.resolve('app.db'), 'SELECT x FROM t') == 'backed up' }
        'dir'    | "dir('data')"       | "echo changed > data/a.txt; echo new > data/b.txt"       | { Path d -> Files.readString(d.resolve('data/a.txt')) == 'backed up' && !Files.exists(d.resolve('data/b.txt')) }
    }

    @IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
    def "a PostgreSQL restore goes through the same stages: guard blocks connections, safety is a pg_dump, replace is pg_restore"() {
        given:
        String db = PostgresEngine.freshDatabase('pipeline')
        sql(db, "CREATE TABLE t (x text); INSERT INTO t VALUES ('backed up')")
        String target = "postgres('postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/${db}', password: secret('APP_DB_PASSWORD'))"
        runbooks('postgres', target, 'true')
        sql(db, "UPDATE t SET x = 'changed'")

        when:
        def plan = here('plan', 'restore.groovy')
        def run = here('run', '--no-plan', 'restore.groovy')

        then:
        plan.exit == 0
        plan.out.contains('stages: ' + STAGES.join(' → '))
        run.exit == 0
        journaledStages(runIdOf(run)) == STAGES.collect { [it, 'done'] }
        rows(db, 'SELECT x FROM t') == [['backed up']]
        run.out.contains("new connections to $db are allowed again")

        cleanup:
        PostgresEngine.drop(db)
    }

    def "a restore refused by its guard names the stage, journals it failed, sweeps, and leaves the database byte-identical"() {
        given: 'a backup, then a sqlite3 process that keeps the database open and wrote a row'
        Path db = dir.resolve('app.db')
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('backed up');")
        runbooks('held', "sqlite('app.db')", 'true')
        Process writer = new ProcessBuilder('sqlite3', db.toString()).redirectErrorStream(true).start()
        started << writer
        writer.outputStream.write("INSERT INTO t VALUES ('live');\nSELECT 'written';\n".bytes)
        writer.outputStream.flush()
        new PollingConditions(timeout: 10).eventually {
            assert Files.list(Path.of("/proc/${writer.pid()}/fd")).withCloseable { s -> s.anyMatch { fd ->
                try { Files.readSymbolicLink(fd) == db.toRealPath() } catch (IOException e) { false } } }
        }
        Map<String, String> before = ['app.db', 'app.db-wal'].collectEntries { [it, sha(dir.resolve(it))] }
        def backupsBefore = Files.list(dir.resolve('backups')).withCloseable { s -> s.collect { it.fileName.toString() }.sort() }

        when:
        def run = here('run', '--no-plan', 'restore.groovy')

        then: 'the error says it was the guard that refused'
        run.exit == 75
        run.err.contains("error[TARGET_HELD]: step 'restore' failed: restore: guard: refusing to restore ")
        run.err.contains("pid ${writer.pid()} (sqlite3")

        and: 'the journal shows how far it got: guard failed, then the sweep ran'
        journaledStages(runIdOf(run)) == [['match', 'done'], ['stage', 'done'], ['guard', 'failed'], ['sweep', 'done']]

        and: 'the database and its WAL are byte-identical, no safety copy was taken, nothing staged is left'
        ['app.db', 'app.db-wal'].collectEntries { [it, sha(dir.resolve(it))] } == before
        Files.list(dir.resolve('backups')).withCloseable { s -> s.collect { it.fileName.toString() }.sort() } == backupsBefore
        Files.list(dir).withCloseable { s -> s.collect { it.fileName.toString() }.findAll { it.contains('ripcord') } } == []
    }

    def "plan and run list the same stages, in the same order"() {
        given:
        sqlite(dir.resolve('app.db'), "CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('backed up');")
        runbooks('agree', "sqlite('app.db')", 'true')

        when:
        def plan = here('plan', 'restore.groovy')
        def planned = plan.out.readLines().findAll { it.trim().startsWith('stages: ') }
        def run = here('run', '--no-plan', 'restore.groovy')

        then:
        plan.exit == 0
        planned.size() == 1
        run.exit == 0
        journaledStages(runIdOf(run))*.get(0) == planned[0].trim().substring('stages: '.length()).split(' → ').toList()
    }
}
