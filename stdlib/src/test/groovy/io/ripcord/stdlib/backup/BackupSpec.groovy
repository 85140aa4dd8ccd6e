package io.ripcord.stdlib.backup

import io.ripcord.problem.ProblemCode

import io.ripcord.stdlib.VerbContexts
import io.ripcord.units.ByteSize
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.nio.file.attribute.PosixFilePermissions
import java.sql.DriverManager
import java.time.Instant
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sh
import static io.ripcord.stdlib.backup.Tools.sqlite

/** backup, verify and restore against real SQLite files, real trees, and GNU gzip/tar, zstd and sqlite3 reading what we write. */
class BackupSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-backup')
    Path backups = dir.resolve('backups')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    def ctx = VerbContexts.context(dir, catalog)
    BackupVerb backup = new BackupVerb()
    VerifyVerb verify = new VerifyVerb()
    RestoreVerb restore = new RestoreVerb()

    def cleanup() {
        // never deleteDir(): it follows a link to a directory, and a feature here links logs -> /var/log
        Files.walk(dir).withCloseable { paths -> paths.sorted(Comparator.reverseOrder()).each { Files.delete(it) } }
    }

    Path walDatabase(String name = 'app.db', int rows = 2000) {
        Path db = dir.resolve(name)
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT, note TEXT); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows) " +
                "INSERT INTO users (role, note) SELECT CASE WHEN i % 100 = 0 THEN 'Admin' ELSE 'User' END, hex(randomblob(100)) FROM n;")
        db
    }

    Artifact backupOf(BackupTarget target, Map args = [:]) {
        backup.apply(call(backup, [to: 'backups'] + args, target), ctx) as Artifact
    }

    @Timeout(120)
    def "a backup taken while a writer keeps committing is consistent and holds every row committed before it started"() {
        given:
        Path db = walDatabase('busy.db', 20_000)
        def stop = new AtomicBoolean()
        def committed = new AtomicLong(20_000)
        def writer = Thread.start {
            DriverManager.getConnection("jdbc:sqlite:$db").withCloseable { c ->
                c.createStatement().execute('PRAGMA busy_timeout = 5000')
                def insert = c.prepareStatement("INSERT INTO users (role, note) VALUES ('User', hex(randomblob(100)))")
                while (!stop.get()) {
                    insert.executeUpdate()
                    committed.incrementAndGet()
                }
            }
        }
        sleep 300
        long before = committed.get()

        when:
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        stop.set(true)
        writer.join()
        Path copy = dir.resolve('copy.db')
        def (code, out) = sh("gzip -dc '${artifact.file()}' > '$copy'")

        then:
        code == 0
        sqlite(copy, 'PRAGMA integrity_check') == 'ok'
        sqlite(copy, 'PRAGMA journal_mode') == 'delete'
        (sqlite(copy, 'SELECT COUNT(*) FROM users') as long) >= before
        (sqlite(copy, 'SELECT MAX(id) FROM users') as long) == (sqlite(copy, 'SELECT COUNT(*) FROM users') as long)
    }

    def "every artifact is readable by the standard tools (#compression)"() {
        given:
        Path db = walDatabase()
        Path tree = sampleTree()
        byte[] large = new byte[(5 << 20) >> 1] // 2.5 MiB that does not compress: the tree's tar spans 3 frames
        new Random(7).nextBytes(large)
        Files.write(tree.resolve('large.bin'), large)

        when:
        def dbArtifact = backupOf(new BackupTarget.Sqlite(db), [compress: compression])
        def treeArtifact = backupOf(new BackupTarget.Dir(tree), [compress: compression])
        Files.createDirectories(dir.resolve('by-tar'))

        then:
        sh("$test '${dbArtifact.file()}'")[0] == 0
        sh("$test '${treeArtifact.file()}'")[0] == 0
        sh("$cat '${treeArtifact.file()}' | tar -tf - | sort")[1].readLines() ==
                ['a.txt', 'empty/', 'large.bin', 'link-to-a', 'sub/', 'sub/deep/', 'sub/deep/' + 'n' * 120 + '.bin', 'sub/ünïcødé.txt']
        sh("tar $tarFlag -xpf '${treeArtifact.file()}' -C '${dir}/by-tar'")[0] == 0
        Tools.describeTree(dir.resolve('by-tar')) == Tools.describeTree(tree)
        (treeArtifact.manifest().artifact[frames] as List).size() == 3
        sh("$cat '${dbArtifact.file()}' > '${dir}/check.db'")[0] == 0
        sqlite(dir.resolve('check.db'), "SELECT COUNT(*) FROM users WHERE role = 'Admin'") == '20'

        and: 'the manifest lists the frames (one per 1 MiB) that verify and restore decompress on every core'
        [dbArtifact, treeArtifact].every { (it.manifest().artifact[frames] as List).sum() == Files.size(it.file()) }
        (dbArtifact.manifest().artifact[frames] as List).size() == Math.max(1, Math.ceil(sqlite(db, 'PRAGMA page_count') as long * 4096 / (1 << 20)) as int)

        where:
        compression | test       | cat         | tarFlag  | frames
        'gzip'      | 'gzip -t'  | 'gzip -dc'  | '-z'     | 'gzipMembers'
        'zstd'      | 'zstd -qt' | 'zstd -qdc' | '--zstd' | 'zstdFrames'
    }

    def "a zstd backup from before Ripcord wrote frames (one stream, no frame table) still verifies and restores"() {
        given: 'the files an older Ripcord wrote (see old-zstd-backup/README.md), sealed with the key it was given'
        Files.createDirectories(backups)
        ['index.gz', 'tar.zst', 'tar.zst.manifest.json'].each { suffix ->
            getClass().getResource("/old-zstd-backup/tree-20261204-214512-92a1.$suffix").withInputStream { Files.copy(it, backups.resolve("tree-20261204-214512-92a1.$suffix")) }
        }
        def artifact = Artifact.read(backups.resolve('tree-20261204-214512-92a1.tar.zst.manifest.json'))
        def key = [manifestKey: 'old-zstd-fixture-key']

        when:
        def verified = verify.apply(call(verify, key, artifact), ctx)
        restore.apply(call(restore, key + [to: 'restored'], artifact), ctx)
        Path restored = dir.resolve('restored')

        then:
        artifact.manifest().artifact.zstdFrames == null
        verified.checks().any { it.startsWith('tar read to the end: 3 files') }
        Files.readString(restored.resolve('a.txt')) == 'alpha\n'
        Files.getLastModifiedTime(restored.resolve('a.txt')).toInstant() == Instant.parse('2024-02-29T12:00:00Z')
        Files.readString(restored.resolve('sub/b.txt')) == 'beta\n'
        Files.readSymbolicLink(restored.resolve('link-to-a')) == Path.of('a.txt')
        Files.readString(restored.resolve('large.log')) == (0..<40_000).collect { it % 1000 == 0 ? "block ${it.intdiv(1000)}\n" : 'GET /api/users status=200 latency_ms=12\n' }.join()
    }

    def "a tree restored by hand with the manifest's own command equals the original: content, modes, symlinks, mtimes"() {
        given:
        Path tree = sampleTree()
        def original = Tools.describeTree(tree)
        def artifact = backupOf(new BackupTarget.Dir(tree))
        Files.move(tree, dir.resolve('original'))

        when:
        def (code, out) = sh(artifact.manifest().restoreByHand as String)

        then:
        code == 0
        Tools.describeTree(tree) == original
    }

    def "a tree restored by hand over the tree it replaces is exactly the backup's, and what was there is kept beside it"() {
        given: 'the tree changed after its backup: a file added, one changed'
        Path tree = sampleTree()
        def original = Tools.describeTree(tree)
        def artifact = backupOf(new BackupTarget.Dir(tree))
        Files.writeString(tree.resolve('added-later.txt'), 'not in the backup\n')
        def changed = Tools.describeTree(tree)

        when:
        def (code, out) = sh(artifact.manifest().restoreByHand as String)

        then: 'no file the backup does not hold is left in it'
        code == 0
        Tools.describeTree(tree) == original
        Tools.describeTree(dir.resolve(tree.fileName.toString() + '.before-restore')) == changed

        when: 'run again while that kept copy is still there'
        def (again, said) = sh(artifact.manifest().restoreByHand as String)

        then: 'it refuses rather than move anything into it'
        again != 0
        Tools.describeTree(dir.resolve(tree.fileName.toString() + '.before-restore')) == changed
        Tools.describeTree(tree) == original
    }

    def "a SQLite database restored by hand with the manifest's command has the backed-up rows"() {
        given:
        Path db = walDatabase()
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        sqlite(db, 'DELETE FROM users')

        when:
        def (code, out) = sh(artifact.manifest().restoreByHand as String)

        then:
        code == 0
        out.trim() == 'ok'
        sqlite(db, 'SELECT COUNT(*) FROM users') == '2000'
    }

    def "the manifest says what, where, how big, which hash, which tools and which run"() {
        when:
        def artifact = backupOf(new BackupTarget.Sqlite(walDatabase()))
        def m = artifact.manifest()

        then:
        Files.exists(artifact.manifestFile())
        m.format == 'ripcord-manifest/1'
        m.kind == 'sqlite'
        m.source.path == dir.resolve('app.db').toString()
        m.artifact.size == Files.size(artifact.file())
        m.artifact.sha256 == sh("sha256sum '${artifact.file()}'")[1].split(' ')[0]
        m.tools.sqlite =~ /^3\.\d+/
        m.runbook == [name: 'test/runbook', version: '1.0.0', run: 'test-run', step: 'test step']
        catalog.entries*.id() == [artifact.id()]
    }

    def "verify checks a good backup and its SQL assertion"() {
        given:
        def artifact = backupOf(new BackupTarget.Sqlite(walDatabase()))

        when:
        def result = verify.apply(call(verify, [query: "SELECT COUNT(*) FROM users WHERE role = 'Admin'", expect: { it == 20 }, minSize: new ByteSize(100)], artifact), ctx)

        then:
        result.checks().any { it.startsWith('integrity_check: ok') }
        result.checks().any { it == "query SELECT COUNT(*) FROM users WHERE role = 'Admin' = 20" }
    }

    def "a verify that a signal stops decides nothing: it says it was interrupted and records no failure on a good backup"() {
        given: 'a good backup, and the run being stopped (a signal interrupts the worker thread) while it is read'
        def artifact = backupOf(new BackupTarget.Sqlite(walDatabase()))
        Thread.currentThread().interrupt()

        when:
        verify.apply(call(verify, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        Thread.interrupted() // clear the flag for the rest of the spec
        e.code() == ProblemCode.INTERRUPTED
        e.message == "the verification of backup ${artifact.id()} was interrupted before it finished: nothing was decided about the backup"
        catalog.byId(artifact.id()).get().verification() == null

        when: 'verified again without a signal'
        verify.apply(call(verify, artifact), ctx)

        then:
        catalog.byId(artifact.id()).get().verification().passed()
    }

    def "verify fails a backup whose #assertion"() {
        given:
        def artifact = backupOf(new BackupTarget.Sqlite(walDatabase()))

        when:
        verify.apply(call(verify, args, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains(message)

        where:
        assertion                   | args                                                               | message
        'query result is wrong'     | [query: "SELECT COUNT(*) FROM users WHERE role = 'Admin'", expect: { it > 100 }] | 'returned 20, which does not meet expect:'
        'query is not SQL'          | [query: 'SELEKT 1']                                                | 'SQLite cannot read the backup'
        'size is below minSize'     | [minSize: new ByteSize(10L << 20)]                                 | 'is below minSize 10 MB'
    }

    def "#damage is caught by verify, and restore refuses it leaving the live database untouched"() {
        given:
        Path db = walDatabase()
        def artifact = backupOf(new BackupTarget.Sqlite(db), [compress: compress])
        sqlite(db, "INSERT INTO users (role) VALUES ('after-backup')")
        String liveBefore = sqlite(db, "SELECT COUNT(*) || '-' || MAX(id) FROM users")
        byte[] liveBytes = Files.readAllBytes(db)
        spoil(artifact)

        when:
        verify.apply(call(verify, artifact), ctx)

        then:
        def verifyFailure = thrown(VerbFailure)
        expected.every { verifyFailure.message.contains(it) }

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        def restoreFailure = thrown(VerbFailure)
        restoreFailure.message.startsWith('match: refusing to restore: backup ') // the match stage refuses it: its verify failed
        sqlite(db, "SELECT COUNT(*) || '-' || MAX(id) FROM users") == liveBefore
        Files.readAllBytes(db) == liveBytes
        catalog.entries.size() == 1 // no safety copy: nothing was touched

        where:
        damage                         | compress | spoil                                                    | expected
        'a gzip truncated to half'     | 'gzip'   | { Artifact a -> truncate(a.file()) }                     | ['(truncated)', 'the file ends inside gzip member ', 'stream is damaged']
        'a zstd truncated to half'     | 'zstd'   | { Artifact a -> truncate(a.file()) }                     | ['(truncated)', 'the file ends inside zstd frame ', 'stream is damaged']
        'one flipped byte'             | 'gzip'   | { Artifact a -> flip(a.file()) }                         | ['SHA-256 is ']
        'one flipped byte in a zstd'   | 'zstd'   | { Artifact a -> flip(a.file()) }                         | ['the zstd stream is damaged: zstd frame ', 'SHA-256 is ']
        'a manifest with a wrong hash' | 'gzip'   | { Artifact a -> rewriteManifest(a, 'sha256', '0' * 64) } | ['not the one cataloged at backup time: artifact.sha256 is 0000000000']
        'a missing artifact file'      | 'gzip'   | { Artifact a -> Files.delete(a.file()) }                 | ['is gone']
    }

    def "restore puts a SQLite backup back over a live WAL database: safety copy first, stale -wal and -shm gone"() {
        given:
        Path db = walDatabase()
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        // a reader keeps the WAL files alive while rows change after the backup
        sqlite(db, "DELETE FROM users WHERE role = 'Admin'; INSERT INTO users (role) VALUES ('intruder');")
        Files.writeString(Path.of("$db-wal"), 'stale wal from another life')

        when:
        def result = restore.apply(call(restore, artifact), ctx)

        then:
        !Files.exists(Path.of("$db-wal"))
        !Files.exists(Path.of("$db-shm"))
        sqlite(db, 'PRAGMA integrity_check') == 'ok'
        sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'Admin'") == '20'
        sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'intruder'") == '0'

        and: 'the state before the restore was backed up, and cataloged'
        result.safetyCopy() != null
        catalog.entries.size() == 2
        Artifact.read(Artifact.manifestFileOf(Path.of(result.safetyCopy()))).safetyCopy()
    }

    def "a tree left aside by a restore killed between its renames is cleaned up by the next restore"() {
        given:
        Path tree = sampleTree()
        def artifact = backupOf(new BackupTarget.Dir(tree))
        Path aside = dir.resolve('.tree.ripcord-old-dead')
        Files.move(tree, aside) // what a kill -9 after the first rename leaves: no target, the old tree aside

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        Files.isDirectory(tree)
        !Files.exists(aside)
    }

    def "a SQLite snapshot is owner-only from its first byte, whatever the umask, while the source is 0600"() {
        given: 'a umask that leaves new files readable by others, so the spec can fail'
        Path probe = Files.createFile(dir.resolve('probe'))
        assert PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)) == 'rw-r--r--'
        Path db = walDatabase()
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString('rw-------'))
        Path snapshot = dir.resolve('.app.snapshot.ripcord-tmp-1-1')

        when:
        SqliteSnapshot.copy(db, snapshot)

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)) == 'rw-------'
        sqlite(snapshot, 'SELECT COUNT(*) FROM users') == '2000'
    }

    def "a secrets file stays owner-only: in its backup, and restored over it or in its place"() {
        given:
        Path env = dir.resolve('app.env')
        Files.writeString(env, 'DB_PASSWORD=s3cret\n')
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString('rw-------'))
        def artifact = backupOf(new BackupTarget.File(env))

        expect: 'the artifact and its manifest are not readable by others, whatever the umask'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(artifact.file())) == 'rw-------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(artifact.manifestFile())) == 'rw-------'

        when: 'restored in place of a deleted file, it gets the mode it was backed up with'
        Files.delete(env)
        restore.apply(call(restore, artifact), ctx)

        then:
        Files.readString(env) == 'DB_PASSWORD=s3cret\n'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(env)) == 'rw-------'

        when: 'restored over a file whose mode changed since, it keeps the current mode'
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString('rw-r-----'))
        restore.apply(call(restore, artifact), ctx)

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(env)) == 'rw-r-----'
    }

    def "restore of a tree stored as #compress to another path (to:) rebuilds it exactly"() {
        given:
        Path tree = sampleTree()
        def artifact = backupOf(new BackupTarget.Dir(tree), [compress: compress])

        when:
        restore.apply(call(restore, [to: 'elsewhere'], artifact), ctx)

        then:
        Tools.describeTree(dir.resolve('elsewhere')) == Tools.describeTree(tree)

        where:
        compress << ['gzip', 'zstd', 'none']
    }

    def "restore over an existing tree replaces it whole and keeps a safety copy"() {
        given:
        Path tree = sampleTree()
        def original = Tools.describeTree(tree)
        def artifact = backupOf(new BackupTarget.Dir(tree))
        Files.writeString(tree.resolve('added-later.txt'), 'x')
        Files.delete(tree.resolve('a.txt'))

        when:
        def result = restore.apply(call(restore, artifact), ctx)

        then:
        Tools.describeTree(tree) == original
        result.safetyCopy().endsWith('-safety.tar') // plain: the disk has room (safety: 'auto')
        Files.list(dir).withCloseable { s -> s.collect { it.fileName.toString() }.sort() } == ['.ripcord-home', 'backups', 'tree'] // the home holds the manifest key
    }

    def "an archive entry that #escape is refused and nothing is written outside or over the target"() {
        given:
        Path target = Files.createDirectories(dir.resolve('site'))
        Files.writeString(target.resolve('index.html'), 'live')
        def artifact = EvilArchives.write(dir, backups, target, entries)

        when: 'its manifest trusted as is: what is checked here is the extraction'
        restore.apply(call(restore, [trust: 'manifest'], artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains(message)
        Files.readString(target.resolve('index.html')) == 'live'
        Files.list(target).count() == 1
        !Files.exists(dir.resolve('escaped'))
        !Files.exists(dir.resolve('x'))

        where:
        escape                               | entries                                                            | message
        "climbs out with ../"                | [[name: '../x', content: 'pwned']]                                 | 'entry ../x climbs out of the target with ..'
        'has an absolute path'               | [[name: '/tmp/ripcord-absolute-escape', content: 'pwned']]         | 'has an absolute path'
        'is a symlink to /etc'               | [[name: 'etc', link: '/etc']]                                      | 'symlink etc -> /etc points outside the target'
        'is a symlink climbing out'          | [[name: 'up', link: '../..']]                                      | 'points outside the target'
        'writes through an extracted symlink' | [[name: 'inner', dir: true], [name: 'alias', link: 'inner'], [name: 'alias/escaped', content: 'x']] | 'would be written through the symlink alias'
        'is a hard link climbing out'        | [[name: 'passwd', hardlink: '../../etc/passwd']]                    | 'entry ../../etc/passwd climbs out of the target with ..'
        'is a hard link to an absolute path' | [[name: 'passwd', hardlink: '/etc/passwd']]                         | 'entry /etc/passwd has an absolute path'
        'is a hard link through a symlink'   | [[name: 'up', link: '.'], [name: 'h', hardlink: 'up/index.html']]   | 'would be written through the symlink up'
        'is a hard link to nothing extracted' | [[name: 'h', hardlink: 'index.html']]                              | 'hard link h -> index.html names no file extracted before it'
        'is of a tar type nobody knows'      | [[name: 'odd', type: 'Z']]                                          | "entry odd is of tar type 'Z', which Ripcord cannot restore as what it was"
        'chains symlinks to climb out'       | [[name: 'x', dir: true], [name: 'x/l', link: '..'], [name: 'y', link: 'x/l/..']] | 'symlink y -> x/l/.. points outside the target'
    }

    def "verify refuses what restore would refuse: a backup holding a symlink that points outside"() {
        given:
        Path target = Files.createDirectories(dir.resolve('site'))
        def artifact = EvilArchives.write(dir, backups, target, [[name: 'logs', link: '/var/log']])

        when:
        verify.apply(call(verify, [trust: 'manifest'], artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('the archive is unsafe to extract: symlink logs -> /var/log points outside the target')
    }

    def "a backup of a tree with a symlink pointing outside warns that restore will refuse it"() {
        given:
        Path tree = Files.createDirectories(dir.resolve('tree'))
        Files.createSymbolicLink(tree.resolve('logs'), Path.of('/var/log'))
        def output = new VerbContexts.RecordedOutput()

        when:
        backup.apply(call(backup, [to: 'backups'], new BackupTarget.Dir(tree)), VerbContexts.context(dir, catalog, output))

        then:
        output.lines.any { it.startsWith('warn: symlink logs -> /var/log points outside the tree') }
    }

    def "a backup of a target that does not exist is refused: #target"() {
        when:
        backupOf(target)

        then:
        def e = thrown(VerbFailure)
        e.message.contains(message)
        !Files.exists(backups) || Files.list(backups).count() == 0

        where:
        target                                              | message
        new BackupTarget.Sqlite(Path.of('/nonexistent/app.db')) | 'sqlite /nonexistent/app.db does not exist'
        new BackupTarget.Dir(Path.of('/nonexistent/tree'))      | 'dir /nonexistent/tree does not exist'
        new BackupTarget.Sqlite(Path.of('/etc/hostname'))       | 'is not a SQLite database'
    }

    @IgnoreIf(value = { !RootOnly.canMount() }, reason = 'mounting a small tmpfs needs root (CI runs as root)')
    def "a full disk fails the backup cleanly: no partial artifact, no temporary file, the live database untouched"() {
        given:
        Path db = dir.resolve('big.db')
        sqlite(db, "CREATE TABLE blobs (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600) " +
                "INSERT INTO blobs SELECT randomblob(4096) FROM n;")
        String before = sqlite(db, 'SELECT COUNT(*) FROM blobs')
        Path small = Files.createDirectories(dir.resolve('small'))
        RootOnly.mountTmpfs(small, '1m')

        when:
        backup.apply(call(backup, [to: small.toString()], new BackupTarget.Sqlite(db)), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('the disk is full')
        Files.list(small).count() == 0
        sqlite(db, 'SELECT COUNT(*) FROM blobs') == before
        sqlite(db, 'PRAGMA integrity_check') == 'ok'
        catalog.entries.isEmpty()

        cleanup:
        RootOnly.unmount(small)
    }

    def "retention keep: 2 deletes the older backups of the same source, never another source's"() {
        given:
        Path db = walDatabase()
        Path other = walDatabase('other.db')
        def otherArtifact = backupOf(new BackupTarget.Sqlite(other))
        def first = backupOf(new BackupTarget.Sqlite(db))
        sleep 10
        backupOf(new BackupTarget.Sqlite(db))
        sleep 10

        when:
        backupOf(new BackupTarget.Sqlite(db), [keep: 2])

        then:
        !Files.exists(first.file())
        !Files.exists(first.manifestFile())
        Files.exists(otherArtifact.file())
        Files.list(backups).count() == 6
        catalog.entries.size() == 3
    }

    def "the plan of a backup shows the source and exactly which backups retention would delete, the new one counted"() {
        given:
        Path db = walDatabase()
        def old = backupOf(new BackupTarget.Sqlite(db))
        sleep 10
        def newer = backupOf(new BackupTarget.Sqlite(db))

        when:
        def action = backup.plan(call(backup, [to: 'backups', keep: 1], new BackupTarget.Sqlite(db)), ctx)

        then:
        action.summary() == "back up sqlite $db to backups as app-<time>.sqlite.gz"
        action.details().source.endsWith('(in WAL mode: copied through the backup API)')
        action.details().retention == "would delete ${old.file().fileName}, ${newer.file().fileName}"
        Files.list(backups).count() == 4
    }

    def "lastBackup and backups find a target's backups in the catalog, or in a directory's manifests"() {
        given:
        Path db = walDatabase()
        def first = backupOf(new BackupTarget.Sqlite(db))
        sleep 10
        def second = backupOf(new BackupTarget.Sqlite(db))
        def last = new LastBackupVerb()
        def all = new BackupsVerb()
        def target = new BackupTarget.Sqlite(db)

        expect:
        last.value(call(last, target), ctx).id() == second.id()
        all.value(call(all, target), ctx)*.id() == [second.id(), first.id()]
        all.value(call(all, [from: 'backups'], target), VerbContexts.context(dir, new VerbContexts.MemoryCatalog()))*.id() == [second.id(), first.id()]
        all.value(call(all, new BackupTarget.Sqlite(dir.resolve('none.db'))), ctx) == []
    }

    def "lastBackup of a target never backed up says how to get one"() {
        given:
        def last = new LastBackupVerb()

        when:
        last.value(call(last, new BackupTarget.Sqlite(dir.resolve('none.db'))), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message == "no backup of sqlite ${dir.resolve('none.db')} in the catalog"
        e.next().contains('--rescan')
    }

    def "temporary files an interrupted backup left behind are removed by the next one, those being written are not"() {
        given:
        Files.createDirectories(backups)
        Path dead = backups.resolve('.app-20261121.sqlite.gz.ripcord-tmp-dead')
        Path busy = backups.resolve('.app-20261121.sqlite.gz.ripcord-tmp-busy')
        Files.writeString(dead, 'half a backup, abandoned an hour ago')
        Files.setLastModifiedTime(dead, FileTime.from(Instant.now().minusSeconds(3600)))
        Files.writeString(busy, 'another process is writing this one right now')

        when:
        backupOf(new BackupTarget.Sqlite(walDatabase()))

        then:
        !Files.exists(dead)
        Files.exists(busy)
    }

    private Path sampleTree() {
        Path tree = Files.createDirectories(dir.resolve('tree'))
        Files.writeString(tree.resolve('a.txt'), 'alpha\n')
        Files.createDirectories(tree.resolve('sub/deep'))
        Files.createDirectories(tree.resolve('empty'))
        Files.writeString(tree.resolve('sub/ünïcødé.txt'), 'unicode name\n')
        Files.write(tree.resolve('sub/deep/' + 'n' * 120 + '.bin'), (0..<5000).collect { (byte) (it * 31) } as byte[])
        Files.createSymbolicLink(tree.resolve('link-to-a'), Path.of('a.txt'))
        Files.setPosixFilePermissions(tree.resolve('a.txt'), PosixFilePermissions.fromString('rwx------'))
        Files.setPosixFilePermissions(tree.resolve('sub'), PosixFilePermissions.fromString('rwxr-x---'))
        Files.setLastModifiedTime(tree.resolve('a.txt'), FileTime.from(Instant.parse('2024-02-29T12:00:00Z')))
        Files.setLastModifiedTime(tree.resolve('sub/deep'), FileTime.from(Instant.parse('2023-01-01T00:00:00Z')))
        tree
    }

    private static void truncate(Path file) {
        byte[] bytes = Files.readAllBytes(file)
        Files.write(file, Arrays.copyOf(bytes, bytes.length.intdiv(2)))
    }

    private static void flip(Path file) {
        byte[] bytes = Files.readAllBytes(file)
        bytes[bytes.length.intdiv(2)] ^= 0x01
        Files.write(file, bytes)
    }

    private static void rewriteManifest(Artifact a, String field, Object value) {
        Files.writeString(a.manifestFile(), Files.readString(a.manifestFile()).replace(a.sha256(), value as String))
    }
}
