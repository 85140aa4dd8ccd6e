package io.ripcord.stdlib.repository

import io.ripcord.stdlib.backup.Tools
import io.ripcord.stdlib.crypt.AgeEncryption
import io.ripcord.stdlib.crypt.AgeFormatException
import io.ripcord.stdlib.crypt.AgeIdentity
import io.ripcord.stdlib.crypt.AgeTool
import io.ripcord.stdlib.repository.sftp.SftpStore
import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * Encryption while putting to a real SFTP repository: what lands on the server is an age file that the
 * restore-by-hand line (age -d | tar -x) unpacks, run as is; encryption fails closed.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(SshdEngine.available() && AgeTool.available()) },
        reason = 'needs sshd and age (bin/engines/sshd.sh, bin/engines/age.sh)')
class EncryptingStoreSpec extends Specification {

    @TempDir
    Path local

    def "a tar archive encrypted on its way to an SFTP repository restores by hand with the manifest's age line"() {
        given: 'a tree archived with GNU tar'
        Path tree = Files.createDirectories(local.resolve('app'))
        Files.writeString(tree.resolve('config.env'), 'DB_URL=postgres://app\n')
        Files.createDirectories(tree.resolve('uploads'))
        Files.write(tree.resolve('uploads/photo.bin'), new byte[200_000].tap { new Random(7).nextBytes(it) })
        Path tar = local.resolve('app.tar')
        assert Tools.sh("tar -C $local -cf $tar app")[0] == 0
        def (Path key, String recipient) = AgeTool.keygen(local, 'key.txt')
        def (Path dir, url) = SshdEngine.repository('encrypted')
        AgeEncryption encryption = AgeEncryption.of(recipient)

        when:
        EncryptingStore.Stored stored = new EncryptingStore(SftpStore.open(url, SshdEngine.options()), encryption).withCloseable {
            it.putEncrypted('app.tar.age', tar, new ObjectStore.Checksums(sha256(tar), null))
        }
        Path restore = Files.createDirectories(local.resolve('by-hand'))
        assert SshdEngine.sftp(["get $dir/app.tar.age $restore/app.tar.age"])[0] == 0
        Files.copy(key, restore.resolve('key.txt'))
        Path out = Files.createDirectories(restore.resolve('out'))
        String line = AgeEncryption.restoreByHand('app.tar.age', 'tar -x -C out')
        def (int exit, String output) = Tools.sh(line, restore)

        then:
        line == 'age -d -i key.txt app.tar.age | tar -x -C out'
        exit == 0
        output == ''
        Tools.describeTree(out.resolve('app')).collectEntries { k, v -> [k, v[0..2]] } ==
                Tools.describeTree(tree).collectEntries { k, v -> [k, v[0..2]] }
        stored.checksums().sha256Hex() == sha256(restore.resolve('app.tar.age'))
        stored.size() == Files.size(restore.resolve('app.tar.age'))
        !new String(Files.readAllBytes(restore.resolve('app.tar.age')), 'ISO-8859-1').contains('DB_URL')
        encryption.manifestFields() == [encryption: 'age', recipients: [recipient]]
        // no plain or encrypted scratch copy is left beside the source
        Files.list(local).withCloseable { it.map { it.fileName.toString() }.sorted().toList() } == ['app', 'app.tar', 'by-hand', 'key.txt', 'key.txt.pub']
    }

    def "the store decrypts what it encrypted with the right identity only"() {
        given:
        AgeIdentity identity = AgeIdentity.generate()
        Path plain = local.resolve('db.sqlite.gz')
        Files.write(plain, new byte[3 * 65536 + 3].tap { new Random(3).nextBytes(it) })
        def (Path dir, url) = SshdEngine.repository('decrypt')
        EncryptingStore store = new EncryptingStore(SftpStore.open(url, SshdEngine.options()),
                AgeEncryption.of([identity.recipient().toString()]))
        store.put('db.sqlite.gz.age', plain, null)

        when:
        Path back = local.resolve('back')
        store.openDecrypted('db.sqlite.gz.age', "# key\n${identity.secretText()}\n").withCloseable { Files.copy(it, back) }

        then:
        sha256(back) == sha256(plain)

        when:
        store.openDecrypted('db.sqlite.gz.age', AgeIdentity.generate().secretText())

        then:
        AgeFormatException e = thrown()
        e.message.startsWith('this file was not encrypted to the identity given')

        cleanup:
        store?.close()
    }

    def "encryption fails closed: #what puts nothing"() {
        given:
        Path plain = local.resolve('a.gz')
        Files.writeString(plain, 'secret data')
        def (Path dir, url) = SshdEngine.repository('closed')
        ObjectStore sftp = SftpStore.open(url, SshdEngine.options())

        when:
        attempt(sftp, plain)

        then:
        Exception e = thrown()
        e.message.contains(message)
        sftp.list('') == []
        Files.list(dir).withCloseable { it.toList() } == []
        Files.list(local).withCloseable { it.map { it.fileName.toString() }.toList() } == ['a.gz']

        cleanup:
        sftp?.close()

        where:
        what                       | attempt                                                                          || message
        'an ssh key as recipient'  | { s, p -> new EncryptingStore(s, AgeEncryption.of('ssh-ed25519 AAAAC3Nza')).put('a.gz.age', p, null) } || 'SSH recipients are not supported'
        'an empty recipient list'  | { s, p -> new EncryptingStore(s, AgeEncryption.of([])).put('a.gz.age', p, null) } || 'encrypt: names no recipient'
        'a source that changed'    | { s, p -> new EncryptingStore(s, AgeEncryption.of(AgeIdentity.generate().recipient().toString()))
                .put('a.gz.age', p, new ObjectStore.Checksums('00' * 32, null)) }                                       || 'its SHA-256 changed while it was read'
    }

    private static String sha256(Path p) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()
    }
}
