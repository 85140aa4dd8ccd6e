package io.ripcord.stdlib.backup

import io.ripcord.stdlib.VerbContexts
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.stdlib.VerbContexts.call
import static io.ripcord.stdlib.backup.Tools.sqlite

/**
 * A backup that cannot be written says where and why in the destination's terms (not SQLite's codes about the
 * source), what to do, and leaves nothing behind; the live database is byte-for-byte what it was. Real tmpfs mounts.
 */
@IgnoreIf(value = { !System.getenv('CI') && !RootOnly.canMount() }, reason = 'mounting a small or read-only tmpfs needs root (CI runs as root)')
class BackupErrorsSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-backup-errors')
    Path mount = Files.createDirectories(dir.resolve('dest'))
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    def ctx = VerbContexts.context(dir, catalog)
    BackupVerb backup = new BackupVerb()

    def cleanup() {
        if (mounted) {
            RootOnly.unmount(mount)
        }
        dir.toFile().deleteDir()
    }

    boolean mounted

    Path walDatabase() {
        Path db = dir.resolve('app.db')
        sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE blobs (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL " +
                "SELECT i + 1 FROM n WHERE i < 75) INSERT INTO blobs SELECT randomblob(4000) FROM n; PRAGMA wal_checkpoint(TRUNCATE);")
        db
    }

    def "a read-only destination is named as not writable, with what to do, and nothing is written"() {
        given:
        Path db = walDatabase()
        String before = sha256(db)
        mountAs('ro,size=1m')

        when:
        backup.apply(call(backup, [to: mount.toString()], new BackupTarget.Sqlite(db)), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.startsWith("cannot write the backup of sqlite $db to $mount: $mount: cannot create the backup there: the directory is not writable")
        !e.message.contains('check that it is a SQLite database')
        e.next() == "make $mount writable for this user, or give another to:; nothing was left behind there (the partial files were removed)"
        Files.list(mount).count() == 0
        sha256(db) == before
        catalog.entries.isEmpty()
    }

    def "a destination that fills up #extraKb KiB past the database's size says the disk is full, and truly leaves nothing behind"() {
        given: 'a WAL database; the snapshot fits, its -wal/-shm or the archive do not'
        Path db = walDatabase()
        String before = sha256(db)
        mountAs("size=${Files.size(db).intdiv(1024) + extraKb}k")

        when:
        backup.apply(call(backup, [to: mount.toString()], new BackupTarget.Sqlite(db)), ctx)

        then:
        def e = thrown(VerbFailure)
        e.message.contains('the disk is full')
        e.next().startsWith("free space in $mount, or give another to:; nothing was left behind")
        Files.list(mount).withCloseable { it.toList() } == []
        sha256(db) == before
        catalog.entries.isEmpty()

        where:
        extraKb << [4, 8, 12, 16, 24]
    }

    void mountAs(String options) {
        def p = ['mount', '-t', 'tmpfs', '-o', options, 'tmpfs', mount.toString()].execute()
        p.waitFor()
        assert p.exitValue() == 0: "mount failed: ${p.err.text}"
        mounted = true
    }

    static String sha256(Path file) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }
}
