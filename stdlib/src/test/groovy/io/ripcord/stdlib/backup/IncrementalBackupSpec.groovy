package io.ripcord.stdlib.backup

import io.ripcord.stdlib.VerbContexts
import io.ripcord.verb.VerbFailure
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Instant

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sh

/** Full plus incremental directory backups, restored by Ripcord and by hand, compared with the live tree. */
class IncrementalBackupSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-incremental')
    Path tree = dir.resolve('data')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    def ctx = VerbContexts.context(dir, catalog)
    BackupVerb backup = new BackupVerb()
    RestoreVerb restore = new RestoreVerb()

    def setup() {
        Files.createDirectories(tree.resolve('docs'))
        (1..50).each { Files.writeString(tree.resolve("docs/page-${it}.txt"), "page $it\n" * 20) }
        Files.writeString(tree.resolve('config.yml'), 'version: 1\n')
        Files.writeString(tree.resolve('obsolete.txt'), 'bye\n')
        Files.createSymbolicLink(tree.resolve('current'), Path.of('docs/page-1.txt'))
        (tree.toFile().listFiles() + tree.resolve('docs').toFile().listFiles()).each {
            if (!Files.isSymbolicLink(it.toPath())) Files.setLastModifiedTime(it.toPath(), FileTime.from(Instant.parse('2025-01-01T00:00:00Z')))
        }
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Artifact take(Map args = [:]) {
        backup.apply(call(backup, [to: 'backups'] + args, new BackupTarget.Dir(tree)), ctx) as Artifact
    }

    void changeTheTree() {
        Files.writeString(tree.resolve('config.yml'), 'version: 2\n')                   // changed
        Files.writeString(tree.resolve('docs/new-page.txt'), 'new\n')                   // added
        Files.delete(tree.resolve('obsolete.txt'))                                      // deleted
        Files.delete(tree.resolve('current'))
        Files.writeString(tree.resolve('current'), 'now a file\n')                      // symlink became a file
        Files.createDirectories(tree.resolve('images/2026'))                            // new directory
        Files.write(tree.resolve('images/2026/logo.png'), [1, 2, 3, 4] as byte[])
    }

    def "an incremental backup holds only what changed since the full one, plus directories, symlinks and deletions"() {
        given:
        def full = take()
        changeTheTree()

        when:
        def inc = take(incremental: true)
        def listed = sh("gzip -dc '${inc.file()}' | tar -tf -")[1].readLines().findAll { !it.endsWith('/') }.sort()

        then:
        inc.incremental()
        inc.baseFile() == full.file().fileName.toString()
        listed == ['config.yml', 'current', 'docs/new-page.txt', 'images/2026/logo.png']
        Files.readAllLines(dir.resolve("backups/${inc.id()}.deleted")) == ['obsolete.txt']
        inc.size() < full.size()
    }

    def "restoring an incremental backup rebuilds the exact tree from the full one plus the incremental"() {
        given:
        take()
        changeTheTree()
        def inc = take(incremental: true)
        def expected = Tools.describeTree(tree)

        when:
        restore.apply(call(restore, [to: 'restored'], inc), ctx)

        then:
        Tools.describeTree(dir.resolve('restored')) == expected
    }

    def "the manifest's command restores full plus incremental by hand, to the same tree"() {
        given:
        take()
        changeTheTree()
        def inc = take(incremental: true)
        def expected = Tools.describeTree(tree)
        tree.toFile().deleteDir()

        when:
        def (code, out) = sh(inc.manifest().restoreByHand as String)

        then:
        code == 0
        Tools.describeTree(tree) == expected
    }

    def "without a full backup to build on, incremental: true takes a full one and says so"() {
        given:
        def output = new VerbContexts.RecordedOutput()

        when:
        def artifact = backup.apply(call(backup, [to: 'backups', incremental: true], new BackupTarget.Dir(tree)),
                VerbContexts.context(dir, catalog, output)) as Artifact

        then:
        !artifact.incremental()
        output.lines.any { it.contains('no full backup of dir') }
    }

    def "an incremental backup whose full backup is gone is refused, and the live tree stays"() {
        given:
        def full = take()
        changeTheTree()
        def inc = take(incremental: true)
        Files.delete(full.file())
        def before = Tools.describeTree(tree)

        when:
        restore.apply(call(restore, inc), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('refusing to restore')
        Tools.describeTree(tree) == before
    }

    def "retention keeps the full backup that a kept incremental builds on"() {
        given:
        def full = take()
        sleep 10
        changeTheTree()
        take(incremental: true)
        sleep 10
        Files.writeString(tree.resolve('config.yml'), 'version: 3\n')

        when:
        take(incremental: true, keep: 2)

        then:
        Files.exists(full.file())
        Files.exists(TreeIndex.fileFor(full.file(), full.id()))
    }

    def "a directory that became a symlink, a file that became a directory and read-only entries restore exactly"() {
        given:
        Files.createDirectories(tree.resolve('releases/v2'))
        Files.writeString(tree.resolve('releases/v2/config'), 'v2 config, must survive\n')
        Files.createDirectories(tree.resolve('live'))
        Files.writeString(tree.resolve('live/config'), 'v1 config\n')
        Files.writeString(tree.resolve('notes'), 'a file for now\n')
        Files.createDirectories(tree.resolve('locked'))
        Files.writeString(tree.resolve('locked/readme'), 'read only\n')
        take()
        io.ripcord.files.AtomicFile.deleteTree(tree.resolve('live'))
        Files.createSymbolicLink(tree.resolve('live'), Path.of('releases/v2'))      // directory -> symlink
        Files.delete(tree.resolve('notes'))
        Files.createDirectories(tree.resolve('notes'))                                // file -> directory
        Files.writeString(tree.resolve('notes/today'), 'now a directory\n')
        Files.setPosixFilePermissions(tree.resolve('locked'), java.nio.file.attribute.PosixFilePermissions.fromString('r-xr-xr-x'))
        def inc = take(incremental: true)
        def expected = Tools.describeTree(tree)

        when:
        restore.apply(call(restore, [to: 'restored'], inc), ctx)

        then:
        Tools.describeTree(dir.resolve('restored')) == expected
        Files.readString(dir.resolve('restored/releases/v2/config')) == 'v2 config, must survive\n'
        !Files.readAllLines(dir.resolve("backups/${inc.id()}.deleted")).contains('live/config')

        cleanup:
        Files.setPosixFilePermissions(tree.resolve('locked'), java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-xr-x'))
        if (Files.exists(dir.resolve('restored/locked'))) {
            Files.setPosixFilePermissions(dir.resolve('restored/locked'), java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-xr-x'))
        }
    }

    def "incremental: true on a SQLite target is refused"() {
        given:
        Path db = dir.resolve('x.db')
        Tools.sqlite(db, 'CREATE TABLE t (x)')

        when:
        backup.apply(call(backup, [to: 'backups', incremental: true], new BackupTarget.Sqlite(db)), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('incremental: true is for dir(...) targets')
    }
}
