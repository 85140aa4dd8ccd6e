package io.ripcord.cli

import io.ripcord.stdlib.repository.S3TestEngine
import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.S3RepositorySpec.sha256

/**
 * The trust rule of copy, now that the catalog check is made on the bytes as they are read for the upload (not in a
 * pass of its own before it): a local artifact that no longer matches its catalog entry never becomes a remote copy.
 * Against a real S3Proxy (one PUT, and a multipart upload whose last part carries the change) and a real OpenSSH
 * server: the copy is refused, nothing is listed there, no incomplete upload or partial file is left, and the catalog
 * records no copy.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(S3TestEngine.available() && SshdEngine.available()) },
        reason = 'needs S3Proxy and sshd (bin/engines/s3proxy.sh, sshd.sh)')
class CopyTrustSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-copy-trust')
    Path home = dir.resolve('user-home')
    String bucket = S3TestEngine.freshBucket('trust')
    Path remoteDir
    String sftpRepo

    def setup() {
        def (Path remote, url) = SshdEngine.repository('trust')
        remoteDir = remote
        sftpRepo = url.toString()
        SshdEngine.userHome(home)
    }

    def cleanup() {
        dir.toFile().deleteDir()
        remoteDir.toFile().deleteDir()
    }

    Map<String, String> env() {
        [PATH: System.getenv('PATH'), HOME: home.toString(), RIPCORD_HOME: dir.resolve('home').toString()] + S3TestEngine.env()
    }

    CliHarness.Result run(String name, String steps) {
        Path file = dir.resolve("${name}.groovy")
        Files.writeString(file, """\
            runbook 'offsite/trust-${name}-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def big = file 'big.bin'
                $steps
            }
            """.stripIndent())
        ripcord(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env())
    }

    String journal(String sql) {
        def p = ['sqlite3', dir.resolve('home/journal.db').toString(), sql].execute()
        p.waitFor()
        p.text.trim()
    }

    def "a local backup changed on disk since it was cataloged is refused by copy to #kind (#size bytes): nothing committed or left there"() {
        given: 'a cataloged backup, then one byte of it changed near its end (in the last part of a multipart upload)'
        byte[] bytes = new byte[size]
        new Random(7).nextBytes(bytes)
        Files.write(dir.resolve('big.bin'), bytes)
        assert run('back-up', "step 'back up', { backup big, to: 'backups', compress: 'none' }").exit == 0
        Path artifact = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.fileName.toString().endsWith('.bin') } }
        String cataloged = sha256(artifact)
        byte[] changed = Files.readAllBytes(artifact)
        changed[size - 100] = (byte) (changed[size - 100] ^ 0x40)
        Files.write(artifact, changed)
        String repo = kind == 'sftp' ? sftpRepo : "s3://$bucket/app"

        when:
        def r = run('copy', "step 'ship', { copy lastBackup(big), to: '$repo' }")

        then:
        r.exit == 65
        r.err.contains('error[CATALOG_MISMATCH]')
        r.err.contains("SHA-256 ${sha256(artifact)}, but it was $size bytes, SHA-256 $cataloged when backed up; nothing was committed there")
        remoteNames(kind) == []
        incompleteUploads(kind) == 0
        journal('SELECT COUNT(*) FROM artifact_copies') == '0'

        where:
        kind   | size
        's3'   | 4096
        's3'   | 20 << 20 // two parts
        'sftp' | 20 << 20
    }

    List<String> remoteNames(String kind) {
        kind == 'sftp' ? (remoteDir.toFile().list() as List).sort()
                : S3TestEngine.aws('s3', 'ls', "s3://$bucket/app/").out.readLines().collect { it.split(/\s+/).last() }.sort()
    }

    int incompleteUploads(String kind) {
        if (kind == 'sftp') {
            return 0 // a partial name would be listed by remoteNames
        }
        def r = S3TestEngine.aws('s3api', 'list-multipart-uploads', '--bucket', bucket)
        assert r.exit == 0
        r.out.count('"UploadId"')
    }
}
