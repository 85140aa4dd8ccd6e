package io.ripcord.runbooks

import io.ripcord.cli.CliHarness
import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot
import static io.ripcord.cli.CliHarness.ripcord

/**
 * Seed 000's backup and restore-drill runbooks, end to end against a real SQLite database, volume and env file; and
 * with the volume as Dokploy has it, a Docker named volume, through backup, drill and a full restore over the app.
 */
class WorkloadAppRunbooksSpec extends Specification {

    Path dir = Files.createTempDirectory('workload-app')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(),
                               RIPCORD_PATH: repoRoot().resolve('runbooks').toString()]
    List<String> params = ['-p', "db=${dir}/data/database.sqlite", '-p', "volume=${dir}/volume", '-p', "env=${dir}/app.env",
                           '-p', "to=${dir}/backups"]*.toString()

    def setup() {
        Files.createDirectories(dir.resolve('data'))
        sqlite3(dir.resolve('data/database.sqlite'), "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT, note TEXT);" +
                " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)" +
                " INSERT INTO users (role, note) SELECT CASE WHEN i % 50 = 0 THEN 'Admin' ELSE 'User' END, hex(randomblob(32)) FROM n;")
        Files.createDirectories(dir.resolve('volume/uploads'))
        (1..20).each { Files.writeString(dir.resolve("volume/uploads/file-${it}.txt"), "upload $it\n" * 10) }
        Files.writeString(dir.resolve('app.env'), 'DATABASE_URL=file:/app/data/database.sqlite\n')
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    static void sqlite3(Path db, String sql) {
        def p = ['sqlite3', db.toString(), sql].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
    }

    CliHarness.Result here(List<String> args) {
        ripcord(args as String[], cwd: dir, env: env)
    }

    def "the daily backup backs up and verifies database, volume and env file; the second day's volume backup is incremental"() {
        when:
        def first = here(['run', '--no-plan', 'workload-app/backup'] + params)
        Files.writeString(dir.resolve('volume/uploads/file-21.txt'), 'a new upload\n')
        def second = here(['run', '--no-plan', 'workload-app/backup'] + params)
        def artifacts = Files.list(dir.resolve('backups')).withCloseable { s -> s.collect { it.fileName.toString() } }

        then:
        first.exit == 0
        first.out.contains("ok: query SELECT COUNT(*) FROM users WHERE role = 'Admin' = 4")
        second.exit == 0
        artifacts.count { it.endsWith('.sqlite.gz') } == 2
        artifacts.count { it.endsWith('.tar.gz') } == 2
        artifacts.count { it.endsWith('.env.gz') } == 2
        artifacts.count { it.endsWith('.deleted') } == 1 // the second volume backup is the incremental one
        here(['backups', '--check', '--max-age', '1h', '--min-size', '10B']).exit == 0
        here(['backups', '--check', "${dir}/data/database.sqlite".toString(), '--min-size', '1KB']).exit == 0
    }

    def "the restore drill restores the latest backups into scratch, checks them and leaves the live data alone"() {
        given:
        here(['run', '--no-plan', 'workload-app/backup'] + params)
        def liveBefore = Files.readAllBytes(dir.resolve('data/database.sqlite'))

        when:
        def drill = here(['run', '--no-plan', 'workload-app/restore-drill', '-p', "db=${dir}/data/database.sqlite".toString(),
                          '-p', "volume=${dir}/volume".toString(), '-p', "scratch=${dir}/drill".toString()])

        then:
        drill.exit == 0
        drill.out.contains('restored database has 4 admin(s)')
        drill.out.contains('restored volume holds 20 files')
        !Files.exists(dir.resolve('drill'))
        Files.readAllBytes(dir.resolve('data/database.sqlite')) == liveBefore
    }

    def "the daily backup refuses a database whose backup has no admins, before it touches the volume"() {
        given:
        sqlite3(dir.resolve('data/database.sqlite'), "UPDATE users SET role = 'User'")

        when:
        def run = here(['run', '--no-plan', 'workload-app/backup'] + params)

        then:
        run.exit == 65  // VERIFICATION_FAILED
        run.err.contains("step 'verify the database backup' failed")
        run.err.contains('which does not meet expect:')
        !run.out.contains('[3/4] back up the volume')
    }

    @IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
    def "given a Docker volume's name, backup, drill and full restore use the volume the Engine mounts, restored in place"() {
        given: 'the volume with 20 uploads, mounted by the running app'
        DockerTestEngine.ensureImages()
        String vol = 'rc-workload-' + UUID.randomUUID().toString().substring(0, 8)
        String app = vol + '-app'
        DockerTestEngine.run(['docker', 'volume', 'create', vol])
        Path mount = Path.of(DockerTestEngine.exec(['docker', 'volume', 'inspect', '--format', '{{.Mountpoint}}', vol]).out.trim())
        Files.createDirectories(mount.resolve('uploads'))
        (1..20).each { Files.writeString(mount.resolve("uploads/file-${it}.txt"), "upload $it\n" * 10) }
        int port = DockerTestEngine.runApp(app, DockerTestEngine.V1, ['-v', "$vol:/www/data".toString()])
        List<String> withVolume = ['-p', "db=${dir}/data/database.sqlite", '-p', "volume=$vol", '-p', "env=${dir}/app.env",
                                   '-p', "to=${dir}/backups"]*.toString()

        when:
        def backup = here(['run', '--no-plan', 'workload-app/backup'] + withVolume)
        def drill = here(['run', '--no-plan', 'workload-app/restore-drill', '-p', "db=${dir}/data/database.sqlite".toString(),
                          '-p', "volume=$vol".toString(), '-p', "scratch=${dir}/drill".toString()])
        Files.writeString(mount.resolve('uploads/file-1.txt'), 'damaged\n')
        Files.writeString(mount.resolve('uploads/new.txt'), 'written after the backup\n')
        def inode = Files.getAttribute(mount, 'unix:ino')
        def restore = here(['run', '--no-plan', 'workload-app/restore', '-p', "container=$app", '-p', 'full=true',
                            '-p', "health=http://127.0.0.1:$port/health"]*.toString() + withVolume.subList(0, 6))

        then:
        backup.exit == 0
        drill.exit == 0
        drill.out.contains('restored volume holds 20 files')
        restore.exit == 0
        Files.readString(mount.resolve('uploads/file-1.txt')) == "upload 1\n" * 10
        !Files.exists(mount.resolve('uploads/new.txt'))
        Files.getAttribute(mount, 'unix:ino') == inode // the same volume directory, restored in place
        DockerTestEngine.inspect(app, '{{.State.Running}}') == 'true'

        cleanup:
        DockerTestEngine.remove(app)
        DockerTestEngine.exec(['docker', 'volume', 'rm', '-f', vol])
    }
}
