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

    static final String MANIFEST_KEY = 'read-data-manifest-key-for-specs'
    static final String SEALED = ", manifestKey: secret('OFFSITE_MANIFEST_KEY')"

    Map<String, String> env(String ripcordHome = 'home') {
        [PATH: System.getenv('PATH'), HOME: home.toString(), RIPCORD_HOME: dir.resolve(ripcordHome).toString(),
         OFFSITE_MANIFEST_KEY: MANIFEST_KEY] + S3TestEngine.env()
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

    CliHarness.Result run(String name, String steps, String ripcordHome = 'home') {
        ripcord(['run', '--no-plan', runbookFile(name, steps).toString()] as String[], cwd: dir, env: env(ripcordHome))
    }

    String ship(String kind, boolean encrypted) {
        def r = run('ship', "step 'back up', { backup data, to: ['backups', '${repo(kind)}']${encrypted ? ", encrypt: '$recipient'" : ''}$SEALED }")
        assert r.exit == 0: r.all
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT object_key FROM artifact_copies')
    }

    static String verifies(String repository, String readData, int count = 10, String more = '') {
        (1..count).collect { "step 'verify $it', { verify lastBackup(data, from: '$repository'), readData: $readData$more }" }.join('\n')
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

    /** Downloads the object with the independent client, returns its local copy. */
    Path download(String kind, String key, String name = 'object') {
        Path object = dir.resolve(name)
        if (kind == 's3') {
            assert S3TestEngine.aws('s3', 'cp', "${repo(kind)}/$key", object.toString()).exit == 0
        } else {
            assert SshdEngine.sftp(["get $remoteDir/$key $object".toString()])[0] == 0
        }
        object
    }

    void upload(String kind, Path object, String key) {
        if (kind == 's3') {
            assert S3TestEngine.aws('s3', 'cp', object.toString(), "${repo(kind)}/$key").exit == 0
        } else {
            assert SshdEngine.sftp(["put $object $remoteDir/$key".toString()])[0] == 0
        }
    }

    /** Flips one bit of the stored object inside chunk (1-based), with the independent client. */
    void flip(String kind, String key, int chunk) {
        Path object = download(kind, key)
        byte[] bytes = Files.readAllBytes(object)
        int at = (chunk - 1) * (1 << 20) + 12_345
        bytes[at] = (byte) (bytes[at] ^ 0x01)
        Files.write(object, bytes)
        upload(kind, object, key)
    }

    def "a byte flipped in chunk #chunk of the copy in #kind is found by the verify that reads that chunk (#journal); local data untouched"() {
        given:
        String key = ship(kind, false)
        flip(kind, key, chunk)
        def before = tree(dir.resolve('backups')) + tree(dir.resolve('data'))

        when: 'the verifies run on the machine that shipped it, or on a fresh home with the digests from the manifest'
        def r = run('verify', verifies(repo(kind), '10.percent', 10, SEALED), verifier)

        then:
        r.exit == 65
        chunksRead(r.all).collect { it[0] } == (1L..<chunk).toList()
        r.err.contains('error[VERIFICATION_FAILED]')
        r.err.contains("chunk $chunk of 10 of $key")
        r.err.contains("bytes ${(chunk - 1) * (1L << 20)}-${chunk * (1L << 20) - 1}")
        r.err.contains('the copy was damaged there')
        sqlite3Out(dir.resolve("$verifier/journal.db"), 'SELECT read_cursor, verify_passed FROM artifact_copies') == "${chunk - 1}|0"
        tree(dir.resolve('backups')) + tree(dir.resolve('data')) == before

        where:
        kind   | chunk | verifier
        's3'   | 4     | 'home'
        'sftp' | 7     | 'home'
        's3'   | 4     | 'fresh'
        'sftp' | 7     | 'fresh'
        journal = verifier == 'home' ? 'the journal that shipped it' : 'a fresh home'
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

    /** The manifest beside the copy in the repository, as the independent client reads it. */
    Map remoteManifest(String kind, String key) {
        String name = key.endsWith('.age') ? key - '.age' : key
        new groovy.json.JsonSlurper().parse(download(kind, name + '.manifest.json', 'manifest.json').toFile()) as Map
    }

    def "on a fresh home, ten verifies at 10% of a copy in #kind (#form) read every chunk exactly once, by the digests in its manifest"() {
        given: 'a copy shipped, its manifest carrying the chunk digests the old journal recorded'
        String key = ship(kind, encrypted)
        String journal = dir.resolve('home/journal.db')
        long objectSize = sqlite3Out(dir.resolve('home/journal.db'), "SELECT COALESCE(object_size, (SELECT size FROM artifacts)) FROM artifact_copies") as long
        Map chunks = remoteManifest(kind, key).chunks as Map

        when: 'a new machine, with an empty journal, verifies a tenth of it ten times'
        def r = run('verify', verifies(repo(kind), '10.percent', 10, SEALED), 'fresh')
        def read = chunksRead(r.all)

        then:
        chunks.keySet() as List == ['object', 'objectSize', 'size', 'sha256', 'seal']
        [chunks.object, chunks.objectSize, chunks.size] == [key, objectSize, 1L << 20]
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT chunk_size, chunk_sha256 FROM artifact_copies') == "${1L << 20}|${chunks.sha256.join(',')}"
        and: 'each verify read its tenth with ranged reads, the first one from the manifest, the next ones from this journal'
        r.exit == 0
        read.collect { it[0] } == (1L..10L).toList()
        read.collect { [it[1], it[2]] } == (0..9).collect { i -> [i * (1L << 20), Math.min(objectSize, (i + 1) * (1L << 20)) - 1] }
        r.all.count("readData: 10%: the chunk digests of ") == 1
        r.all.contains(" from its manifest in ${repo(kind)} (sealed with key ")
        !r.all.contains('reading the whole copy')
        !r.all.contains('fetched ')
        r.all.contains('ok: the whole copy has been read: every chunk by the last 10 verifies at 10%')
        and: 'the new journal holds the copy, its cursor at 10, and no full verify'
        sqlite3Out(dir.resolve('fresh/journal.db'), 'SELECT object_key, read_cursor, verify_passed IS NULL, partial_verified_at IS NOT NULL, chunk_sha256 FROM artifact_copies') ==
                "$key|10|1|1|${chunks.sha256.join(',')}"

        where:
        kind   | encrypted
        's3'   | false
        'sftp' | false
        's3'   | true
        form = encrypted ? 'encrypted with age' : 'plain'
    }

    def "on a fresh home, a manifest without chunk digests (an older copy) is read whole, saying so"() {
        given: 'a copy whose manifest in the repository is the backup\'s own, as Ripcord wrote them before the digests'
        String key = ship('s3', false)
        upload('s3', dir.resolve("backups/${key}.manifest.json"), key + '.manifest.json')
        assert remoteManifest('s3', key).chunks == null

        when:
        def r = run('verify', verifies(repo('s3'), '10.percent', 1, SEALED), 'fresh')

        then:
        r.exit == 0
        r.all.contains("readData: 10%: the manifest of ${key - '.tar.gz'} in ${repo('s3')} has no chunk digests (copied before Ripcord wrote them there): reading the whole copy")
        chunksRead(r.all).isEmpty()
        r.all.contains("fetched ${key - '.tar.gz'} (")
    }

    def "on a fresh home, chunk digests changed in the repository's manifest are refused: their seal does not match"() {
        given:
        String key = ship('s3', false)
        Map manifest = remoteManifest('s3', key)
        manifest.chunks.sha256[0] = '0' * 64
        Path changed = dir.resolve('changed.manifest.json')
        Files.writeString(changed, groovy.json.JsonOutput.toJson(manifest))
        upload('s3', changed, key + '.manifest.json')

        when:
        def r = run('verify', verifies(repo('s3'), '10.percent', 1, SEALED), 'fresh')

        then:
        r.exit == 65
        r.err.contains('error[VERIFICATION_FAILED]')
        r.err.contains("the chunk digests in its manifest were changed after they were sealed with key ")
        chunksRead(r.all).isEmpty()
    }

    def "on a fresh home without the manifest's key, a subset verify #outcome"() {
        given: 'a copy whose manifest and chunk digests are sealed with a key the new machine is not given'
        String key = ship('s3', false)

        when:
        def r = run('verify', verifies(repo('s3'), '10.percent', 1, more), 'fresh')

        then:
        r.exit == exit
        r.all.contains(said.replace('ID', key - '.tar.gz'))
        chunksRead(r.all).size() == chunks

        where:
        more                  || exit | chunks | said                                                                                          | outcome
        ''                    || 65   | 0      | "which is neither this home's nor a manifestKey: given"                                        | 'is refused before it reads anything'
        ", trust: 'manifest'" || 0    | 1      | "trust: 'manifest': the chunk digests of ID are taken from its manifest alone"                | "with trust: 'manifest' reads its share, warning the digests are the manifest's alone"
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
