package io.ripcord.cli

import io.ripcord.stdlib.crypt.AgeTool
import io.ripcord.stdlib.repository.S3TestEngine
import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.S3RepositorySpec.sha256
import static io.ripcord.cli.S3RepositorySpec.sqlite3Out
import static io.ripcord.cli.S3RepositorySpec.tree

/**
 * {@code verify …, readData: 10.percent} of a copy in a real S3Proxy and a real OpenSSH server: each verify reads
 * the next chunks of the stored object with ranged reads, checked against the chunk digests the catalog recorded at
 * copy time, so ten verifies read every chunk exactly once, and a byte flipped there is found by the verify that
 * reads its chunk. The artifact is a directory of 9.5 MiB of random bytes: its tar.gz (and its age encryption) is
 * ten chunks of 1 MiB, the last one shorter.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(S3TestEngine.available() && SshdEngine.available() && AgeTool.available()) },
        reason = 'needs S3Proxy, sshd and age (bin/engines/s3proxy.sh, sshd.sh, age.sh)')
class ReadDataSubsetSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-read-data')
    Path home = dir.resolve('user-home')
    String bucket = S3TestEngine.freshBucket('readdata')
    Path remoteDir
    String sftpRepo
    String recipient

    def setup() {
        def (Path remote, url) = SshdEngine.repository('readdata')
        remoteDir = remote
        sftpRepo = url.toString()
        SshdEngine.userHome(home)
        recipient = AgeTool.keygen(dir, 'key.txt')[1]
        Files.createDirectories(dir.resolve('data'))
        byte[] bytes = new byte[(int) (9.5 * (1 << 20))]
        new Random(16).nextBytes(bytes)
        Files.write(dir.resolve('data/blob.bin'), bytes)
    }

    def cleanup() {
        dir.toFile().deleteDir()
        remoteDir.toFile().deleteDir()
    }

    Map<String, String> env() {
        [PATH: System.getenv('PATH'), HOME: home.toString(), RIPCORD_HOME: dir.resolve('home').toString()] + S3TestEngine.env()
    }

    String repo(String kind) {
        kind == 's3' ? "s3://$bucket/app" : sftpRepo
    }

    Path runbookFile(String name, String steps) {
        Path file = dir.resolve("${name}.groovy")
        Files.writeString(file, """\
            runbook 'offsite/read-data-${name}-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def data = dir 'data'
            ${steps.stripIndent().readLines().collect { '    ' + it }.join('\n')}
            }
            """.stripIndent())
        file
    }

    CliHarness.Result run(String name, String steps) {
        ripcord(['run', '--no-plan', runbookFile(name, steps).toString()] as String[], cwd: dir, env: env())
    }

    String ship(String kind, boolean encrypted) {
        def r = run('ship', "step 'back up', { backup data, to: ['backups', '${repo(kind)}']${encrypted ? ", encrypt: '$recipient'" : ''} }")
        assert r.exit == 0: r.all
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT object_key FROM artifact_copies')
    }

    static String verifies(String repository, String readData, int count = 10) {
        (1..count).collect { "step 'verify $it', { verify lastBackup(data, from: '$repository'), readData: $readData }" }.join('\n')
    }

    /** The chunks each verify read, as its output says: [chunk, first byte, last byte], in order. */
    static List<List<Long>> chunksRead(String output) {
        (output =~ /ok: read chunk (\d+) of 10: bytes (\d+)-(\d+) of (\d+)/).collect { m -> [m[1] as long, m[2] as long, m[3] as long] }
    }

    def "ten verifies at #readData of a copy in #kind (#form) read every chunk exactly once and record it partial"() {
        given:
        String key = ship(kind, encrypted)
        long objectSize = sqlite3Out(dir.resolve('home/journal.db'), "SELECT COALESCE(object_size, (SELECT size FROM artifacts)) FROM artifact_copies") as long

        when:
        def r = run('verify', verifies(repo(kind), readData))
        def read = chunksRead(r.all)

        then:
        r.exit == 0
        read.collect { it[0] } == (1L..10L).toList()
        read.collect { [it[1], it[2]] } == (0..9).collect { i -> [i * (1L << 20), Math.min(objectSize, (i + 1) * (1L << 20)) - 1] }
        r.all.count('partial: ') == 9
        r.all.contains('ok: the whole copy has been read: every chunk by the last 10 verifies at 10%')
        key.endsWith(encrypted ? '.tar.gz.age' : '.tar.gz')
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT read_cursor, verify_passed IS NULL, partial_verified_at IS NOT NULL FROM artifact_copies') == '10|1|1'
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT verify_passed IS NULL FROM artifacts') == '1'

        where:
        kind   | encrypted | readData
        's3'   | false     | '10.percent'
        'sftp' | false     | '10'
        's3'   | true      | '10.percent'
        'sftp' | true      | '10.percent'
        form = encrypted ? 'encrypted with age' : 'plain'
    }

    def "a byte flipped in chunk #chunk of the copy in #kind is found by the verify that reads that chunk; local data untouched"() {
        given:
        String key = ship(kind, false)
        Path object = dir.resolve('object')
        if (kind == 's3') {
            assert S3TestEngine.aws('s3', 'cp', "${repo(kind)}/$key", object.toString()).exit == 0
        } else {
            assert SshdEngine.sftp(["get $remoteDir/$key $object".toString()])[0] == 0
        }
        byte[] bytes = Files.readAllBytes(object)
        int at = (chunk - 1) * (1 << 20) + 12_345
        bytes[at] = (byte) (bytes[at] ^ 0x01)
        Files.write(object, bytes)
        if (kind == 's3') {
            assert S3TestEngine.aws('s3', 'cp', object.toString(), "${repo(kind)}/$key").exit == 0
        } else {
            assert SshdEngine.sftp(["put $object $remoteDir/$key".toString()])[0] == 0
        }
        def before = tree(dir.resolve('backups')) + tree(dir.resolve('data'))

        when:
        def r = run('verify', verifies(repo(kind), '10.percent'))

        then:
        r.exit == 65
        chunksRead(r.all).collect { it[0] } == (1L..<chunk).toList()
        r.err.contains('error[VERIFICATION_FAILED]')
        r.err.contains("chunk $chunk of 10 of $key")
        r.err.contains("bytes ${(chunk - 1) * (1L << 20)}-${chunk * (1L << 20) - 1}")
        r.err.contains('the copy was damaged there')
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT read_cursor, verify_passed FROM artifact_copies') == "${chunk - 1}|0"
        tree(dir.resolve('backups')) + tree(dir.resolve('data')) == before

        where:
        kind   | chunk
        's3'   | 4
        'sftp' | 7
    }

    def "a copy the catalog has no chunk digests for is read whole, saying so"() {
        given:
        ship('s3', false)
        sqlite3Out(dir.resolve('home/journal.db'), 'UPDATE artifact_copies SET chunk_size = NULL, chunk_sha256 = NULL')

        when:
        def r = run('verify', verifies(repo('s3'), '10.percent', 1))

        then:
        r.exit == 0
        r.all.contains('(copied before Ripcord recorded them): reading the whole copy')
        chunksRead(r.all).isEmpty()
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT read_cursor, verify_passed FROM artifact_copies') == '0|1'
    }

    def "plan shows the share readData reads"() {
        when:
        def plan = ripcord(['plan', runbookFile('plan', verifies(repo('s3'), '10.percent', 1)).toString()] as String[], cwd: dir, env: env())

        then:
        plan.exit == 0
        plan.out.contains('readData: 10% of a copy in a repository, rotating: every byte after 10 verifies')
    }

    def "readData: #readData is refused before verify reads anything"() {
        given:
        ship('s3', false)

        when:
        def r = run('zero', verifies(repo('s3'), readData, 1))

        then:
        r.exit == 2
        r.err.contains('error[INVALID_ARGUMENT]')
        r.err.contains(message)
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT read_cursor, verify_passed IS NULL, partial_verified_at IS NULL FROM artifact_copies') == '0|1|1'

        where:
        readData     | message
        '0.percent'  | 'readData: 0% reads nothing'
        '120'        | "verify argument 'readData' expects a percentage from 0 to 100 like 90.percent or 10, got 120 (Integer)"
    }
}
