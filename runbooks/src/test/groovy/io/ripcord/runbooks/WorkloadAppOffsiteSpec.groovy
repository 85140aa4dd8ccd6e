package io.ripcord.runbooks

import io.ripcord.stdlib.repository.S3TestEngine
import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * Seed 000's offsite copy (workload-app/offsite) end to end: two nights of workload-app/backup (the second volume
 * backup incremental), then the offsite run against the real OpenSSH server and S3Proxy; OpenSSH's sftp and awscli,
 * as independent clients, read back every object shipped and its SHA-256 is the catalog's.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(S3TestEngine.available() && SshdEngine.available()) },
        reason = 'needs S3Proxy and sshd (bin/engines/s3proxy.sh, sshd.sh)')
class WorkloadAppOffsiteSpec extends Specification {

    String bucket = S3TestEngine.freshBucket('workload')
    String s3 = "s3://$bucket/offsite"
    Path remoteDir
    String sftp
    RunbookFixture fx

    def setup() {
        def (Path remote, url) = SshdEngine.repository('workload')
        remoteDir = remote
        sftp = url.toString()
        fx = new RunbookFixture(S3TestEngine.env())
        Path dir = fx.dir
        SshdEngine.userHome(dir)
        Files.createDirectories(dir.resolve('data'))
        WorkloadAppRunbooksSpec.sqlite3(dir.resolve('data/database.sqlite'), "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT, note TEXT);" +
                " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)" +
                " INSERT INTO users (role, note) SELECT CASE WHEN i % 50 = 0 THEN 'Admin' ELSE 'User' END, hex(randomblob(32)) FROM n;")
        Files.createDirectories(dir.resolve('volume/uploads'))
        (1..20).each { Files.writeString(dir.resolve("volume/uploads/file-${it}.txt"), "upload $it\n" * 10) }
        Files.writeString(dir.resolve('app.env'), 'DATABASE_URL=file:/app/data/database.sqlite\n')
    }

    def cleanup() {
        fx.cleanup()
        remoteDir.toFile().deleteDir()
    }

    List<String> targetParams() {
        ['-p', "db=${fx.dir}/data/database.sqlite", '-p', "volume=${fx.dir}/volume", '-p', "env=${fx.dir}/app.env"]*.toString()
    }

    String journal(String sql) {
        def p = ['sqlite3', fx.dir.resolve('home/journal.db').toString(), sql].execute()
        p.waitFor()
        p.text.trim()
    }

    static String sha256(Path f) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(f)).encodeHex().toString()
    }

    def "two nights of backups, then offsite ships the newest of each target and the volume's full base to SFTP and S3; sftp and aws read back the catalog's bytes"() {
        given: 'two nights of backups: the second volume backup is an increment on the first'
        assert fx.run(['run', '--no-plan', 'workload-app/backup'] + targetParams() + ['-p', "to=${fx.dir}/backups".toString()]).exit == 0
        Files.writeString(fx.dir.resolve('volume/uploads/file-21.txt'), 'a new upload\n')
        assert fx.run(['run', '--no-plan', 'workload-app/backup'] + targetParams() + ['-p', "to=${fx.dir}/backups".toString()]).exit == 0
        // what should leave the machine: the newest of each target, and the full volume backup the increment builds on
        List<String> expected = journal("SELECT path FROM artifacts a WHERE role = 'backup' AND created_at = (SELECT MAX(created_at) FROM artifacts b WHERE b.source = a.source)" +
                " UNION SELECT path FROM artifacts WHERE path LIKE '%.tar.gz' AND created_at = (SELECT MIN(created_at) FROM artifacts WHERE path LIKE '%.tar.gz')")
                .readLines().collect { Path.of(it).fileName.toString() }.sort()
        Map<String, String> catalog = journal("SELECT path, sha256 FROM artifacts").readLines()
                .collectEntries { line -> def (path, sha) = line.split('\\|'); [(Path.of(path).fileName.toString()): sha] }

        when:
        def r = fx.run(['run', 'workload-app/offsite'] + targetParams() + ['-p', "sftp=$sftp".toString(), '-p', "s3=$s3".toString()])

        then:
        r.exit == 0
        expected.size() == 4
        expected.count { it.endsWith('.tar.gz') } == 2
        r.out.contains("workload-app offsite: last night's backups (")
        r.out.contains("shipped to $sftp and $s3, read back there (10% of each copy)")
        journal("SELECT repository, COUNT(*), SUM(verify_passed) FROM artifact_copies GROUP BY repository ORDER BY repository") ==
                [[s3, 4, 4], [sftp, 4, 4]].collect { it.join('|') }.join('\n')

        when: 'the independent clients read back what was shipped'
        Path oracle = Files.createDirectories(fx.dir.resolve('oracle'))
        Map<String, String> fromS3 = expected.collectEntries { name ->
            assert S3TestEngine.aws('s3', 'cp', "$s3/$name", oracle.resolve("s3-$name").toString()).exit == 0
            [(name): sha256(oracle.resolve("s3-$name"))]
        }
        Map<String, String> fromSftp = expected.collectEntries { name ->
            def (code, out) = SshdEngine.sftp(["get ${remoteDir}/${name} ${oracle.resolve("sftp-$name")}".toString()])
            assert code == 0: out
            [(name): sha256(oracle.resolve("sftp-$name"))]
        }
        def s3Keys = S3TestEngine.aws('s3', 'ls', "$s3/").out.readLines().collect { it.split(/\s+/).last() }
        def sftpKeys = remoteDir.toFile().list() as List
        // each backup with its manifest; a volume backup with its index, the increment (the newer one) with its deletions
        // the newer by the catalog's clock, not by name: two backups in the same second sort by their random suffix
        String increment = Path.of(journal("SELECT path FROM artifacts WHERE path LIKE '%.tar.gz' ORDER BY created_at DESC LIMIT 1").trim())
                .fileName.toString() - '.tar.gz'
        List<String> expectedKeys = (expected.collectMany { n -> [n, n + '.manifest.json'] + (n.endsWith('.tar.gz') ? [(n - '.tar.gz') + '.index.gz'] : []) }
                + [increment + '.deleted']).sort()

        then:
        fromS3 == expected.collectEntries { [(it): catalog[it]] }
        fromSftp == expected.collectEntries { [(it): catalog[it]] }
        s3Keys.sort() == expectedKeys
        sftpKeys.sort() == expectedKeys

        when: 'the next run finds them there'
        def again = fx.run(['run', '--no-plan', 'workload-app/offsite'] + targetParams() + ['-p', "sftp=$sftp".toString(), '-p', "s3=$s3".toString()])

        then:
        again.exit == 0
        again.out.count(' is already in ') == 8
    }
}
