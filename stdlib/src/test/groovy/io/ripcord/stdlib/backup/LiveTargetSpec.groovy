package io.ripcord.stdlib.backup

import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.docker.DockerTestEngine
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout
import spock.util.concurrent.PollingConditions

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.sql.DriverManager

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sqlite

/**
 * Nothing is replaced while something holds it: a real sqlite3 process writing to the database, a real process
 * whose working directory is in a tree, a real container serving a tree from a bind mount.
 */
@Timeout(120)
class LiveTargetSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-live')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    VerbContexts.RecordedOutput output = new VerbContexts.RecordedOutput()
    def ctx = VerbContexts.context(dir, catalog, output)
    BackupVerb backup = new BackupVerb()
    RestoreVerb restore = new RestoreVerb()
    List<Process> started = []
    String container = 'rc-live-' + UUID.randomUUID().toString().substring(0, 8)

    def cleanup() {
        started.each { it.destroyForcibly(); it.waitFor() }
        if (DockerTestEngine.available()) {
            DockerTestEngine.remove(container)
        }
        dir.toFile().deleteDir()
    }

    Path database(int rows = 1000) {
        Path db = dir.resolve('app.db')
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows) INSERT INTO users (role) SELECT 'User' FROM n;")
        db
    }

    Artifact backupOf(BackupTarget target) {
        backup.apply(call(backup, [to: 'backups'], target), ctx) as Artifact
    }

    /** A sqlite3 shell that keeps the database open, as an application does; fed statements on its stdin. */
    Process writer(Path db) {
        Process p = new ProcessBuilder('sqlite3', db.toString()).redirectErrorStream(true).start()
        started << p
        p.outputStream.write("PRAGMA busy_timeout = 5000;\nINSERT INTO users (role) VALUES ('writer');\n".bytes)
        p.outputStream.flush()
        // open, and its row committed: only then are the database's files at rest for the comparison
        new PollingConditions(timeout: 10).eventually {
            assert opens(p.pid(), db)
            assert sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'writer'") == '1'
        }
        p
    }

    static boolean opens(long pid, Path file) {
        Files.list(Path.of("/proc/$pid/fd")).withCloseable { fds ->
            fds.anyMatch { fd -> try { Files.readSymbolicLink(fd) == file.toRealPath() } catch (IOException e) { false } }
        }
    }

    static String sha(Path file) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }

    def "a restore under a running SQLite writer is refused, naming its pid and command, and the database is untouched"() {
        given:
        Path db = database()
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        Process p = writer(db)
        // the writer's row is committed; nothing writes now, so the files can be compared
        String before = sha(db) + sha(Path.of("$db-wal"))

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        VerbFailure e = thrown()
        e.message.startsWith("guard: refusing to restore ${artifact.id()} over $db: it is in use by pid ${p.pid()} (sqlite3) (has $db")
        e.message.endsWith('; nothing was changed')
        e.next().contains('force: true')
        sha(db) + sha(Path.of("$db-wal")) == before
        catalog.entries*.id() == [artifact.id()]

        when: 'the writer goes on: its commits land in the live database'
        p.outputStream.write("INSERT INTO users (role) VALUES ('writer');\n.quit\n".bytes)
        p.outputStream.close()
        p.waitFor()

        then:
        sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'writer'") == '2'

        when: 'once it has stopped, the restore goes ahead'
        def restored = restore.apply(call(restore, artifact), ctx)

        then:
        restored.target() == db.toString()
        sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'writer'") == '0'
    }

    def "force: true restores under a running writer and says who held it"() {
        given:
        Path db = database()
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        Process p = writer(db)

        when:
        restore.apply(call(restore, [force: true], artifact), ctx)

        then:
        output.lines.any { it.startsWith("warn: force: true: restoring over $db while it is in use by pid ${p.pid()} (sqlite3)") }
        sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'writer'") == '0'
    }

    def "a connection Ripcord's own process holds does not count as a holder"() {
        given:
        Path db = database()
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        def connection = DriverManager.getConnection("jdbc:sqlite:$db")
        connection.createStatement().executeQuery('SELECT COUNT(*) FROM users').close()

        when:
        def restored = restore.apply(call(restore, artifact), ctx)

        then:
        restored.target() == db.toString()

        cleanup:
        connection?.close()
    }

    def "a process whose working directory is inside a tree holds it: refused, the tree untouched"() {
        given:
        Path tree = Files.createDirectories(dir.resolve('tree/sub'))
        Files.writeString(tree.resolve('a.txt'), 'one')
        def artifact = backupOf(new BackupTarget.Dir(dir.resolve('tree')))
        Files.writeString(tree.resolve('a.txt'), 'two')
        Process p = new ProcessBuilder('sleep', '60').directory(tree.toFile()).start()
        started << p
        new PollingConditions(timeout: 10).eventually { assert Files.readSymbolicLink(Path.of("/proc/${p.pid()}/cwd")) == tree.toRealPath() }

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        VerbFailure e = thrown()
        e.message.contains("it is in use by pid ${p.pid()} (sleep) (its working directory is $tree)")
        e.next().contains('the directory is then restored in place')
        Files.readString(tree.resolve('a.txt')) == 'two'
    }

    @IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
    def "a tree a running container serves from a bind mount is refused, and with force: true restored in place so the container serves it"() {
        given: 'a container serving the tree over HTTP from a bind mount'
        DockerTestEngine.ensureImages()
        Path www = Files.createDirectories(dir.resolve('www'))
        Files.writeString(www.resolve('version'), 'backed-up\n')
        Files.writeString(www.resolve('health'), 'ok\n')
        def artifact = backupOf(new BackupTarget.Dir(www))
        Files.writeString(www.resolve('version'), 'broken release\n')
        Files.delete(www.resolve('health'))
        Object inode = Files.getAttribute(www, 'unix:ino')
        int port = DockerTestEngine.runApp(container, DockerTestEngine.V1, ['-v', "$www:/www".toString()])
        assert DockerTestEngine.get(port, 'version') == 'broken release'

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        VerbFailure e = thrown()
        e.message.contains("it is in use by container $container (mounts it at /www)")
        Files.readString(www.resolve('version')) == 'broken release\n'

        when:
        restore.apply(call(restore, [force: true], artifact), ctx)

        then: 'the directory kept its inode, so the container sees the restored files'
        Files.getAttribute(www, 'unix:ino') == inode
        DockerTestEngine.get(port, 'version') == 'backed-up'
        DockerTestEngine.get(port, 'health') == 'ok'
        Files.list(www).withCloseable { s -> s.collect { it.fileName.toString() }.sort() } == ['health', 'version']
    }
    @IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
    def "a database in a directory a running container mounts is refused, naming the container and its mount above the database"() {
        given: 'a container with the database\'s directory bind-mounted, the engine asked over its socket'
        DockerTestEngine.ensureImages()
        Path data = Files.createDirectories(dir.resolve('data'))
        Path db = data.resolve('app.db')
        sqlite(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); INSERT INTO users (role) VALUES ('backed-up');")
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        sqlite(db, "UPDATE users SET role = 'live'")
        String before = sha(db)
        DockerTestEngine.runApp(container, DockerTestEngine.V1, ['-v', "$data:/data".toString()])

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        VerbFailure e = thrown()
        e.message.contains("it is in use by container $container (mounts ${data.toRealPath()}, above it, at /data)")
        e.message.endsWith('; nothing was changed')
        sha(db) == before
        catalog.entries*.id() == [artifact.id()]

        when: 'the container is gone: the same restore goes ahead'
        DockerTestEngine.remove(container)
        restore.apply(call(restore, artifact), ctx)

        then:
        sqlite(db, 'SELECT role FROM users') == 'backed-up'
    }

    def "an engine socket nobody answers on: the guard says containers were not checked, and the restore goes ahead"() {
        given: 'DOCKER_HOST names a socket file whose engine is gone (connection refused)'
        Path db = database()
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        Path socket = dir.resolve('dead.sock')
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX).withCloseable {
            it.bind(java.net.UnixDomainSocketAddress.of(socket))
        }
        assert Files.exists(socket)
        def deadEngine = new io.ripcord.exec.ExecutionContext.Setting(dir, System.getenv() + [RIPCORD_HOME: dir.resolve('.ripcord-home').toString(),
                DOCKER_HOST: "unix://$socket".toString()], catalog, new io.ripcord.verb.RunInfo('test/runbook', '1.0.0', 'test-run'))
                .forCall('test step', output, false)

        when:
        def restored = restore.apply(call(restore, artifact), deadEngine)

        then:
        restored.target() == db.toString()
        output.lines.findAll { it.startsWith('warn: could not check whether containers') } ==
                ["warn: could not check whether containers (listing the running containers: cannot connect to $socket: Connection refused) hold $db; stop any that do before restoring".toString()]
    }
}
