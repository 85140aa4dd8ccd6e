package io.ripcord.cli

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.ripcord.stdlib.crypt.AgeTool
import io.ripcord.stdlib.repository.S3TestEngine
import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.S3RepositorySpec.sha256
import static io.ripcord.cli.S3RepositorySpec.sqlite3
import static io.ripcord.cli.S3RepositorySpec.sqlite3Out
import static io.ripcord.cli.S3RepositorySpec.tree

/**
 * Encrypted offsite copies (encrypt: an age recipient) through the real command line, against a real S3Proxy and
 * OpenSSH server, with Debian's age and awscli / OpenSSH's sftp as the independent tools both ways: what Ripcord
 * shipped is downloaded by hand and unpacked with age -d | tar; what age encrypted and aws uploaded, Ripcord restores.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(S3TestEngine.available() && SshdEngine.available() && AgeTool.available()) },
        reason = 'needs S3Proxy, sshd and age (bin/engines/s3proxy.sh, sshd.sh, age.sh)')
class EncryptedOffsiteSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-encrypted-offsite')
    String bucket = S3TestEngine.freshBucket('encrypted')
    String repo = "s3://$bucket/app"
    static final String MANIFEST_KEY = 'encrypted-offsite-manifest-key'
    Path key
    String recipient
    Path otherKey

    def setup() {
        (key, recipient) = AgeTool.keygen(dir, 'key.txt')
        (otherKey) = AgeTool.keygen(dir, 'other.txt')
        sqlite3(dir.resolve('app.db'), "CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); INSERT INTO users (role) VALUES ('Admin'), ('User'), ('User');")
        Files.createDirectories(dir.resolve('uploads/avatars'))
        Files.writeString(dir.resolve('uploads/readme.txt'), 'uploaded by users\n')
        Files.write(dir.resolve('uploads/avatars/a.bin'), (0..<200_000).collect { (byte) (it * 31 % 251) } as byte[])
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Map<String, String> env(String home = 'home', Map<String, String> extra = [:]) {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve(home).toString(), OFFSITE_MANIFEST_KEY: MANIFEST_KEY,
         AGE_KEY: Files.readString(key), OTHER_AGE_KEY: Files.readString(otherKey)] + S3TestEngine.env() + extra
    }

    static int sh(Path cwd, String command) {
        def p = new ProcessBuilder('bash', '-c', command).directory(cwd.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        assert p.exitValue() == 0: "$command: $out"
        p.exitValue()
    }

    CliHarness.Result runbook(String name, String steps, Map<String, String> environment = env(), String command = 'run') {
        Path file = dir.resolve("${name}.groovy")
        Files.writeString(file, """\
            runbook 'offsite/encrypted-${name}-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def db = sqlite 'app.db'
                def uploads = dir 'uploads'
            ${steps.stripIndent().readLines().collect { '    ' + it }.join('\n')}
            }
            """.stripIndent())
        ripcord((command == 'run' ? ['run', '--no-plan', file.toString()] : [command, file.toString()]) as String[], cwd: dir, env: environment)
    }

    String ship() {
        def r = runbook('ship', """
            step 'back up', {
                backup db, to: ['backups', '$repo'], encrypt: '$recipient', manifestKey: secret('OFFSITE_MANIFEST_KEY')
                backup uploads, to: ['backups', '$repo'], encrypt: ['$recipient'], manifestKey: secret('OFFSITE_MANIFEST_KEY')
            }
            """)
        assert r.exit == 0: r.err
        r.out
    }

    Path localBackup(String suffix) {
        Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.fileName.toString().endsWith(suffix) } }
    }

    /** Flips one bit of the database's encrypted copy, bytesFromEnd before its end, downloaded and put back with aws. */
    void tamperWithDatabaseCopy(int bytesFromEnd) {
        String name = localBackup('.sqlite.gz').fileName.toString() + '.age'
        Path object = dir.resolve('tampered.age')
        assert S3TestEngine.aws('s3', 'cp', "$repo/$name", object.toString()).exit == 0
        byte[] bytes = Files.readAllBytes(object)
        bytes[bytes.length - bytesFromEnd] ^= 0x01
        Files.write(object, bytes)
        assert S3TestEngine.aws('s3', 'cp', object.toString(), "$repo/$name").exit == 0
    }

    List<String> awsKeys() {
        S3TestEngine.aws('s3', 'ls', "s3://$bucket/app/").out.readLines().collect { it.split(/\s+/).last() }.sort()
    }

    def "backup to: [dir, s3], encrypt: ships NAME.age; aws downloads it and age -d | tar -x / gunzip give the originals byte for byte"() {
        when:
        String out = ship()
        Path db = localBackup('.sqlite.gz')
        Path tar = localBackup('.tar.gz')
        String dbName = db.fileName.toString()
        String tarName = tar.fileName.toString()
        assert S3TestEngine.aws('s3', 'cp', "$repo/${tarName}.age", dir.resolve('down/t.age').toString()).exit == 0
        assert S3TestEngine.aws('s3', 'cp', "$repo/${dbName}.age", dir.resolve('down/d.age').toString()).exit == 0
        assert S3TestEngine.aws('s3', 'cp', "$repo/${dbName}.manifest.json", dir.resolve('down/d.json').toString()).exit == 0
        Files.createDirectories(dir.resolve('unpacked'))
        sh(dir, "age -d -i key.txt down/t.age | tar -xz -C unpacked")
        sh(dir, "age -d -i key.txt down/d.age | gunzip > by-hand.db")
        def manifest = new JsonSlurper().parse(dir.resolve('down/d.json').toFile())

        then: 'only ciphertext left the machine; the local backups stay plain'
        out.contains('encrypted with age to ' + recipient)
        awsKeys().findAll { !it.endsWith('.manifest.json') }.every { it.endsWith('.age') }
        awsKeys().contains(dbName + '.age') && awsKeys().contains(tarName + '.age')
        !awsKeys().contains(dbName) && !awsKeys().contains(tarName)
        ['gzip', '-t', db.toString()].execute().waitFor() == 0

        and: 'age and tar give the tree and the database back'
        tree(dir.resolve('unpacked')) == tree(dir.resolve('uploads'))
        sqlite3Out(dir.resolve('by-hand.db'), 'SELECT COUNT(*) FROM users') == '3'

        and: 'the manifest says so, and its restore line decrypts with age'
        manifest.encryption == 'age'
        manifest.recipients == [recipient]
        manifest.encrypted.file == dbName + '.age'
        manifest.encrypted.sha256 == sha256(dir.resolve('down/d.age'))
        manifest.restoreByHand.startsWith("age -d -i key.txt '${dbName}.age' | gzip -dc > ")
        manifest.artifact.sha256 == sha256(db)

        and: 'the catalog records the object it stored: its own size and SHA-256, the encryption'
        sqlite3Out(dir.resolve('home/journal.db'), "SELECT object_key, object_size, object_sha256, encryption FROM artifact_copies WHERE object_key = '${dbName}.age'") ==
                "${dbName}.age|${Files.size(dir.resolve('down/d.age'))}|${sha256(dir.resolve('down/d.age'))}|age"
    }

    def "verify without identity: checks the ciphertext only and says so; with it, decrypts and checks the content"() {
        given:
        ship()

        when:
        def blind = runbook('verify-blind', """
            step 'verify', { verify lastBackup(db, from: '$repo') }
            """)
        def full = runbook('verify-full', """
            step 'verify', { verify lastBackup(uploads, from: '$repo'), identity: secret('AGE_KEY'), restoreTest: true }
            """)

        then:
        blind.exit == 0
        blind.err.contains('checked only the ciphertext') || blind.out.contains('checked only the ciphertext')
        full.exit == 0
        full.out.contains('decrypted')
        full.out.contains('ok: ')
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT COUNT(*) FROM artifact_copies WHERE verify_passed = 1') == '2'
        !new String(Files.readAllBytes(dir.resolve('home/journal.db')), 'ISO-8859-1').contains('AGE-SECRET-KEY-1')
    }

    def "the disaster case: a fresh home restores the encrypted tree and database with identity: secret(...)"() {
        given:
        ship()
        dir.resolve('backups').toFile().deleteDir()
        Map<String, String> before = tree(dir.resolve('uploads'))
        dir.resolve('uploads').toFile().deleteDir()
        Files.delete(dir.resolve('app.db'))

        when:
        def r = runbook('restore', """
            step 'restore', {
                restore lastBackup(db, from: '$repo'), identity: secret('AGE_KEY'), manifestKey: secret('OFFSITE_MANIFEST_KEY')
                restore lastBackup(uploads, from: '$repo'), identity: secret('AGE_KEY'), manifestKey: secret('OFFSITE_MANIFEST_KEY')
            }
            """, env('fresh'))

        then:
        r.exit == 0
        sqlite3Out(dir.resolve('app.db'), 'SELECT COUNT(*) FROM users') == '3'
        tree(dir.resolve('uploads')) == before
        and: 'no plaintext was left in the fetched directory'
        Files.walk(dir.resolve('fresh/fetched')).withCloseable { s -> s.filter { Files.isRegularFile(it) }.toList() }
                .every { it.toString().endsWith('.manifest.json') || it.toString().endsWith('.encryption.json') || it.toString().endsWith('.chunks.json') }
    }

    /** The repository of kind s3 or sftp, and the environment of a fresh home that reaches it with the user's own keys. */
    List repositoryOf(String kind) {
        if (kind == 's3') {
            return [repo, env('fresh'), null]
        }
        def (Path remoteDir, url) = SshdEngine.repository('listing')
        Path userHome = dir.resolve('user-home')
        Files.createDirectories(userHome.resolve('.ssh'))
        Files.copy(SshdEngine.KEY, userHome.resolve('.ssh/id_ed25519'))
        Files.copy(SshdEngine.KNOWN_HOSTS, userHome.resolve('.ssh/known_hosts'))
        [url.toString(), env('fresh', [HOME: userHome.toString()]), remoteDir]
    }

    def "backups --repo (#kind) on a fresh home lists an encrypted copy as there and encrypted, and one whose NAME.age is gone as missing"() {
        given: 'the dead machine shipped encrypted copies of the database and the tree'
        def (String url, Map<String, String> fresh, Path remoteDir) = repositoryOf(kind)
        assert runbook('ship', """
            step 'back up', {
                backup db, to: ['backups', '$url'], encrypt: '$recipient', manifestKey: secret('OFFSITE_MANIFEST_KEY')
                backup uploads, to: ['backups', '$url'], encrypt: '$recipient', manifestKey: secret('OFFSITE_MANIFEST_KEY')
            }
            """, fresh + [RIPCORD_HOME: dir.resolve('home').toString()]).exit == 0
        String dbId = localBackup('.sqlite.gz').fileName.toString() - '.sqlite.gz'
        String treeId = localBackup('.tar.gz').fileName.toString() - '.tar.gz'

        when:
        def listed = ripcord(['backups', '--repo', url] as String[], cwd: dir, env: fresh)
        and: "the tree's encrypted object is taken away, its manifest left"
        String treeObject = localBackup('.tar.gz').fileName.toString() + '.age'
        if (kind == 's3') {
            assert S3TestEngine.aws('s3', 'mv', "$repo/$treeObject", "s3://$bucket/elsewhere/$treeObject").exit == 0
        } else {
            Files.move(remoteDir.resolve(treeObject), remoteDir.resolve('../' + treeObject))
        }
        def afterMove = ripcord(['backups', '--repo', url] as String[], cwd: dir, env: fresh)

        then:
        listed.exit == 0
        listed.out.readLines()[0].split(/\s{2,}/) as List == ['BACKUP', 'KIND', 'SIZE', 'AGE', 'SEALED WITH', 'COPY', 'SOURCE']
        listed.out.readLines().size() == 3
        lineOf(listed.out, dbId).contains('encrypted (age)')
        lineOf(listed.out, treeId).contains('encrypted (age)')
        !listed.out.contains('MISSING')
        afterMove.exit == 0
        lineOf(afterMove.out, dbId).contains('encrypted (age)')
        lineOf(afterMove.out, treeId).contains('ARTIFACT MISSING')

        cleanup:
        remoteDir?.resolve('../' + treeObject)?.toFile()?.delete()
        remoteDir?.toFile()?.deleteDir()

        where:
        kind << ['s3', 'sftp']
    }

    static String lineOf(String out, String id) {
        def lines = out.readLines().findAll { it.startsWith(id + ' ') }
        assert lines.size() == 1: out
        lines[0]
    }

    def "copy …, encrypt: ships a local backup encrypted; retention in the repository deletes an older encrypted copy whole"() {
        given:
        assert runbook('local', """
            step 'back up', { backup db, to: 'backups' }
            """).exit == 0
        String first = localBackup('.sqlite.gz').fileName.toString()

        when:
        def copied = runbook('copy', """
            step 'ship', { copy lastBackup(db), to: '$repo', encrypt: '$recipient' }
            """)
        List<String> afterCopy = awsKeys()
        sqlite3(dir.resolve('app.db'), "INSERT INTO users (role) VALUES ('Later')")
        def second = runbook('second', """
            step 'back up', { backup db, to: ['backups', '$repo'], encrypt: '$recipient', keep: 1 }
            """)
        String newest = localBackup('.sqlite.gz').fileName.toString()

        then:
        copied.exit == 0
        afterCopy == [first + '.age', first + '.manifest.json']
        second.exit == 0
        newest != first
        awsKeys() == [newest + '.age', newest + '.manifest.json']
        sqlite3Out(dir.resolve('home/journal.db'), 'SELECT object_key, encryption FROM artifact_copies') == "${newest}.age|age"
    }

    def "#what is refused with #code and nothing local is touched"() {
        given:
        ship()
        if (tamper) {
            tamperWithDatabaseCopy(40) // inside the last payload chunk
        }
        sqlite3(dir.resolve('app.db'), "INSERT INTO users (role) VALUES ('Later')")
        Map<String, String> live = tree(dir.resolve('uploads')) + ['app.db': sha256(dir.resolve('app.db'))]
        Map<String, String> backups = tree(dir.resolve('backups'))

        when:
        def r = runbook('refused', """
            step 'restore', { restore lastBackup(db, from: '$repo')$args }
            """)

        then:
        r.exit == exit
        r.err.contains("error[$code]")
        r.err.contains(message)
        r.err.contains(next)
        !r.all.contains('\tat ')
        tree(dir.resolve('uploads')) + ['app.db': sha256(dir.resolve('app.db'))] == live
        tree(dir.resolve('backups')) == backups

        where:
        what                  | tamper | args                              || code                  | exit | message                                         | next
        'restore no identity' | false  | ''                                || 'DECRYPTION_FAILED'   | 65   | 'is encrypted with age'                         | "identity: secret('AGE_KEY')"
        'a wrong identity'    | false  | ", identity: secret('OTHER_AGE_KEY')" || 'DECRYPTION_FAILED' | 65 | 'not encrypted to the identity given'           | 'give the identity of one of its recipients'
        'a tampered object'   | true   | ", identity: secret('AGE_KEY')"  || 'VERIFICATION_FAILED' | 65   | 'is damaged'                                     | 'restore another copy'
    }

    def "verify of a tampered object fails without the identity too: its SHA-256 is not the one recorded at upload"() {
        given:
        ship()
        tamperWithDatabaseCopy(1)

        when:
        def r = runbook('verify-tampered', """
            step 'verify', { verify lastBackup(db, from: '$repo') }
            """)

        then:
        r.exit == 65
        r.err.contains('error[VERIFICATION_FAILED]')
        r.err.contains('the catalog recorded at upload')
    }

    def "Ripcord restores what age -e encrypted and aws uploaded, with the envelope added to the manifest by hand"() {
        given: 'a plain local backup, encrypted and shipped by hand as the docs show'
        assert runbook('local', """
            step 'back up', { backup db, to: 'backups', manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """).exit == 0
        Path db = localBackup('.sqlite.gz')
        String name = db.fileName.toString()
        sh(dir.resolve('backups'), "age -r $recipient -o ${name}.age $name")
        Path object = dir.resolve("backups/${name}.age")
        def manifest = new JsonSlurper().parse(dir.resolve("backups/${name}.manifest.json").toFile())
        manifest.encryption = 'age'
        manifest.recipients = [recipient]
        manifest.encrypted = [file: "${name}.age".toString(), size: Files.size(object), sha256: sha256(object)]
        Files.writeString(dir.resolve('hand.json'), JsonOutput.prettyPrint(JsonOutput.toJson(manifest)))
        assert S3TestEngine.aws('s3', 'cp', object.toString(), "$repo/${name}.age").exit == 0
        assert S3TestEngine.aws('s3', 'cp', dir.resolve('hand.json').toString(), "$repo/${name}.manifest.json").exit == 0
        dir.resolve('backups').toFile().deleteDir()
        Files.delete(dir.resolve('app.db'))

        when:
        def r = runbook('restore-hand', """
            step 'restore', { restore lastBackup(db, from: '$repo'), identity: secret('AGE_KEY'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))

        then:
        r.exit == 0
        sqlite3Out(dir.resolve('app.db'), 'SELECT COUNT(*) FROM users') == '3'
    }

    def "encrypt: #value is refused by #command before anything runs"() {
        when:
        // TYPO: one letter of a real recipient changed, which only its checksum tells (the plan parses it)
        String given = value == 'VALID' ? recipient : value == 'TYPO' ? recipient[0..<20] + (recipient[20] == 'q' ? 'p' : 'q') + recipient[21..-1] : value
        String where = to == 'REMOTE' ? "['backups', '$repo']" : "'backups'"
        def r = runbook('bad-recipient', """
            step 'back up', { backup db, to: $where, encrypt: '$given' }
            """, env(), command)

        then:
        r.exit == 2
        r.err.contains('error[INVALID_ARGUMENT]')
        r.err.contains(message)
        !r.err.contains('AGE-SECRET-KEY-1' + 'Q')
        !Files.exists(dir.resolve('backups'))

        where:
        value                                                               | to       | command || message
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' | 'REMOTE' | 'check' || 'is an SSH key: SSH recipients are not supported'
        'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ' | 'REMOTE' | 'check' || 'is an age identity (a secret key), not a recipient'
        'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'    | 'REMOTE' | 'check' || 'not an age X25519 recipient'
        'TYPO'                                                              | 'REMOTE' | 'plan'  || 'not an age X25519 recipient'
        'VALID'                                                             | 'LOCAL'  | 'plan'  || 'to: names none'
    }

    def "sftp(url, identity: secret(...)) ships an encrypted copy with a key of its own; sftp get + age -d gives the database; the key is in no journal"() {
        given: 'a user with known_hosts but no key of their own: the runbook brings it'
        def (Path remoteDir, url) = SshdEngine.repository('encrypted')
        Path userHome = dir.resolve('user-home')
        Files.createDirectories(userHome.resolve('.ssh'))
        Files.copy(SshdEngine.KNOWN_HOSTS, userHome.resolve('.ssh/known_hosts'))
        Map<String, String> environment = env('home', [HOME: userHome.toString(), SSH_KEY: Files.readString(SshdEngine.KEY)])

        when:
        def shipped = runbook('sftp', """
            step 'back up', {
                backup db, to: ['backups', sftp('$url', identity: secret('SSH_KEY'))], encrypt: '$recipient', manifestKey: secret('OFFSITE_MANIFEST_KEY')
            }
            """, environment)
        String name = localBackup('.sqlite.gz').fileName.toString()
        def (code, out) = SshdEngine.sftp(["get ${remoteDir}/${name}.age ${dir.resolve('got.age')}".toString()])
        sh(dir, 'age -d -i key.txt got.age | gunzip > by-hand.db')
        Files.delete(dir.resolve('app.db'))
        def restored = runbook('sftp-restore', """
            step 'restore', { restore lastBackup(db, from: sftp('$url', identity: secret('SSH_KEY'))), identity: secret('AGE_KEY') }
            """, environment)
        String journal = new String(Files.readAllBytes(dir.resolve('home/journal.db')), 'ISO-8859-1')

        then:
        shipped.exit == 0
        code == 0
        remoteDir.toFile().list().sort() == [name + '.age', name + '.manifest.json']
        sqlite3Out(dir.resolve('by-hand.db'), 'SELECT COUNT(*) FROM users') == '3'
        restored.exit == 0
        sqlite3Out(dir.resolve('app.db'), 'SELECT COUNT(*) FROM users') == '3'
        !journal.contains('PRIVATE KEY')
        !journal.contains('AGE-SECRET-KEY-1')
        journal.contains(url.toString())

        cleanup:
        remoteDir?.toFile()?.deleteDir()
    }
}
