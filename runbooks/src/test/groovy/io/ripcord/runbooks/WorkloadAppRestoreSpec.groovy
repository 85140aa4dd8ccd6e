package io.ripcord.runbooks

import io.ripcord.cli.DemoService
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * Seed 000's restores (runbooks/workload-app/restore.groovy) over the live demo service in a real container, from
 * backups the daily backup runbook made: database only, the full system, a damaged backup refused before anything
 * stops, and a crash mid-restore resumed. Monitoring (`ripcord backups --check`) is checked on the same backups.
 */
@IgnoreIf(value = { !System.getenv('CI') && !DemoService.available() }, reason = 'no Docker Engine or demo service (bin/test brings both up)')
@Timeout(180)
class WorkloadAppRestoreSpec extends Specification {

    @Snapshot
    Snapshotter snapshotter

    RunbookFixture fx = new RunbookFixture()
    String name = 'rc-workload-' + UUID.randomUUID().toString().substring(0, 8)
    Path state = fx.dir.resolve('app')
    int port

    def setup() {
        port = DemoService.start(name, state)
        (1..40).each { DemoService.addNote(port, "note $it ${UUID.randomUUID()} ${UUID.randomUUID()}") } // over the backup's 1 KB floor
        (1..5).each { Files.writeString(state.resolve("data/uploads/file-${it}.txt"), "upload $it\n") }
        assert fx.run(['run', '--no-plan', 'workload-app/backup', '-p', "db=$state/data/app.sqlite", '-p', "volume=$state/data/uploads",
                       '-p', "env=$state/app.env", '-p', "to=${fx.dir}/backups", '-p', 'check=SELECT count(*) FROM notes']*.toString()).exit == 0
    }

    def cleanup() {
        DemoService.remove(name)
        fx.cleanup()
    }

    List<String> restore(Map extra = [:]) {
        (['workload-app/restore', '-p', "container=$name", '-p', "db=$state/data/app.sqlite", '-p', "volume=$state/data/uploads",
          '-p', "env=$state/app.env", '-p', 'table=notes', '-p', "health=http://127.0.0.1:$port/health"] +
                extra.collectMany { k, v -> ['-p', "$k=$v"] })*.toString()
    }

    def "the database is restored over the live app: safety copy first, integrity and row count checked, app healthy again"() {
        given: 'two notes written after the backup'
        DemoService.addNote(port, 'lost 1')
        DemoService.addNote(port, 'lost 2')

        when:
        def result = fx.run(['run', '--no-plan'] + restore())

        then:
        result.exit == 0
        result.out.contains('restored database: integrity ok, 40 rows in notes')
        DemoService.notes(port) == 40
        Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.anyMatch { it.fileName.toString() ==~ /app-.*-safety\.sqlite/ } } // plain: the disk has room (safety: auto)
        fx.run(['backups', '--check', '--max-age', '1h', '--min-size', '10B']).exit == 0
    }

    def "full=true also puts back the data volume and the env file"() {
        given:
        Files.delete(state.resolve('data/uploads/file-1.txt'))
        Files.writeString(state.resolve('app.env'), 'APP_NAME=broken\n')

        when:
        def result = fx.run(['run', '--no-plan'] + restore(full: true))

        then:
        result.exit == 0
        Files.readString(state.resolve('data/uploads/file-1.txt')) == 'upload 1\n'
        Files.readString(state.resolve('app.env')) == "APP_NAME=$name\n"
    }

    def "a damaged backup is refused before the app is stopped, and monitoring reports a stale catalog"() {
        given:
        Path artifact = Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.filter { it.fileName.toString().endsWith('.sqlite.gz') }.findFirst().get() }
        Files.write(artifact, Files.readAllBytes(artifact).with { it[it.length - 9] ^= 0x55; it })

        when:
        def result = fx.run(['run', '--no-plan'] + restore())

        then:
        result.exit == 65 // VERIFICATION_FAILED: the backup was refused
        result.err.contains("error[VERIFICATION_FAILED]: step 'check the backups' failed")
        DemoService.notes(port) == 40 // still serving, untouched
        fx.run(['backups', '--check', '--max-age', '1ms']).exit == 1
    }

    def "killed mid-restore, the run resumes and finishes the restore"() {
        given:
        DemoService.addNote(port, 'lost')

        when:
        def crashed = fx.killWhen('[3/5] restore', ['run', '--no-plan'] + restore())
        def resumed = fx.run(['resume', RunbookFixture.runId(crashed)])

        then:
        crashed.exit == 137
        resumed.exit == 0
        resumed.out.contains('(done before, not repeated)')
        DemoService.notes(port) == 40
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + restore(full: true))

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<container>': name, '<port>': "$port".toString()])).matchesSnapshot()
    }
}
