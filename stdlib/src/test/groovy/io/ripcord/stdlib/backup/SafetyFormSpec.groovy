package io.ripcord.stdlib.backup

import io.ripcord.exec.ExecutionContext
import io.ripcord.problem.RunbookException
import io.ripcord.stdlib.VerbContexts
import io.ripcord.verb.RunInfo
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sqlite

/** restore's safety: 'plain' | 'compressed' | 'auto' against real SQLite files and real trees; the disk's free space injected. */
class SafetyFormSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-safety')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    BackupVerb backup = new BackupVerb()
    RestoreVerb restore = new RestoreVerb()

    def cleanup() {
        dir.toFile().deleteDir()
    }

    /** A context whose file system reports {@code free} bytes free (null: the real figure). */
    ExecutionContext context(Long free = null) {
        Map<String, String> env = System.getenv() + [RIPCORD_HOME: dir.resolve('.ripcord-home').toString()]
        if (free != null) {
            env[SafetyForm.FREE_BYTES_VARIABLE] = free.toString()
        }
        new ExecutionContext.Setting(dir, env, catalog, new RunInfo('test/runbook', '1.0.0', 'test-run')).forCall('test step', new VerbContexts.RecordedOutput(), false)
    }

    Path database() {
        Path db = dir.resolve('app.db')
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, note TEXT); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO users (note) SELECT hex(randomblob(50)) FROM n;")
        db
    }

    Path tree() {
        Path tree = Files.createDirectories(dir.resolve('site'))
        Files.writeString(tree.resolve('index.html'), 'v1\n')
        Files.createDirectories(tree.resolve('assets/img'))
        Files.write(tree.resolve('assets/img/logo.bin'), (0..<20000).collect { (byte) (it * 7) } as byte[])
        Files.createSymbolicLink(tree.resolve('current'), Path.of('index.html'))
        Files.setPosixFilePermissions(tree.resolve('index.html'), PosixFilePermissions.fromString('rw-r-----'))
        tree
    }

    /** What a restore must give back, byte for byte: a tree's entries (content hashes, modes), a database's every row. */
    static Object state(String kind, Path path) {
        kind == 'sqlite' ? sqlite(path, '.dump') : Tools.describeTree(path)
    }

    def "a #form safety copy of a #kind is #suffix and restores exactly the state the restore replaced"() {
        given: 'a backup, then changes after it: the state the restore will replace'
        Path live = kind == 'sqlite' ? database() : tree()
        BackupTarget target = kind == 'sqlite' ? new BackupTarget.Sqlite(live) : new BackupTarget.Dir(live)
        def ctx = context()
        def artifact = backup.apply(call(backup, [to: 'backups'], target), ctx) as Artifact
        if (kind == 'sqlite') {
            sqlite(live, "DELETE FROM users WHERE id % 3 = 0; INSERT INTO users (note) VALUES ('after the backup');")
        } else {
            Files.writeString(live.resolve('index.html'), 'v2, after the backup\n')
            Files.writeString(live.resolve('assets/new.css'), 'body {}\n')
        }
        def before = state(kind, live)

        when:
        def result = restore.apply(call(restore, [safety: form], artifact), ctx) as RestoreVerb.Restored

        then: 'the backup is back, and the safety copy has the form asked for, in the result and the journal'
        state(kind, live) != before
        result.safetyForm() == form
        restore.journal(result).safetyForm == form
        restore.restore(restore.journal(result)).safetyForm() == form
        result.safetyCopy().endsWith(suffix)

        when: 'the safety copy is restored somewhere else, as a rollback would'
        def safety = Artifact.read(Artifact.manifestFileOf(Path.of(result.safetyCopy())))
        restore.apply(call(restore, [to: 'back'], safety), ctx)

        then:
        state(kind, dir.resolve('back')) == before

        where:
        kind     | form         | suffix
        'sqlite' | 'plain'      | '-safety.sqlite'
        'sqlite' | 'compressed' | '-safety.sqlite.gz'
        'dir'    | 'plain'      | '-safety.tar'
        'dir'    | 'compressed' | '-safety.tar.gz'
    }

    def "safety: 'auto' keeps the copy plain when #free bytes are free and compresses it otherwise"() {
        given:
        Path live = database()
        def ctx = context(free)
        def artifact = backup.apply(call(backup, [to: 'backups'], new BackupTarget.Sqlite(live)), ctx) as Artifact

        when: 'the plan says which form the run will take, and the run takes it'
        def planned = restore.plan(call(restore, artifact), ctx).details()['safety copy']
        def result = restore.apply(call(restore, artifact), ctx) as RestoreVerb.Restored

        then:
        planned.contains("backed up first, $form (auto: ")
        result.safetyForm() == form
        result.safetyCopy().endsWith(suffix)

        where:
        free           | form         | suffix
        1_000_000_000L | 'plain'      | '-safety.sqlite'
        60_000_000L    | 'compressed' | '-safety.sqlite.gz' // the database fits, the 64 MiB margin does not
        10_000L        | 'compressed' | '-safety.sqlite.gz'
    }

    def "a safety: that is not a form is refused before anything is changed"() {
        given:
        Path live = database()
        def ctx = context()
        def artifact = backup.apply(call(backup, [to: 'backups'], new BackupTarget.Sqlite(live)), ctx) as Artifact
        byte[] liveBytes = Files.readAllBytes(live)
        byte[] backupBytes = Files.readAllBytes(artifact.file())

        when:
        restore.apply(call(restore, [safety: 'zip'], artifact), ctx)

        then:
        def e = thrown(RunbookException)
        e.message.contains("restore safety: is 'auto' (the default), 'plain' or 'compressed', got 'zip'")
        Files.readAllBytes(live) == liveBytes
        Files.readAllBytes(artifact.file()) == backupBytes
        catalog.entries*.id() == [artifact.id()]
    }
}
