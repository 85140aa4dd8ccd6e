package io.ripcord.stdlib.backup

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import io.ripcord.stdlib.crypt.AgeEncryption
import io.ripcord.stdlib.repository.EncryptingStore
import io.ripcord.stdlib.repository.ObjectStore
import io.ripcord.stdlib.storage.Compression
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/**
 * The repository manifest of an encrypted copy: the backup's own manifest plus the envelope, and split back into
 * exactly the backup's manifest (what the catalog and the seal compare field for field) and the envelope.
 */
class EncryptedCopySpec extends Specification {

    static final String RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'
    Path dir = Files.createTempDirectory('ripcord-encrypted-copy')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Artifact artifact(BackupTarget target, String name, String restoreByHand) {
        Map<String, Object> manifest = [format: 'ripcord-manifest/1', id: name.takeWhile { it != '.' }, kind: target.kind(),
                                        created: '2026-12-04T02:15:00Z', source: [id: target.id(), path: '/app/data/db.sqlite'],
                                        artifact: [file: name, size: 211, sha256: 'ab' * 32, compression: 'gzip'],
                                        restoreByHand: restoreByHand, seal: [alg: 'HMAC-SHA256', key: 'cd18195d11f10c15', mac: '0a' * 32]]
        new Artifact(manifest.id as String, target, Path.of('/var/backups/app', name), 211, 'ab' * 32, Compression.GZIP,
                Instant.parse('2026-12-04T02:15:00Z'), manifest)
    }

    def "split gives back the backup's manifest field for field, and the envelope beside it"() {
        given:
        Artifact a = artifact(new BackupTarget.Sqlite(Path.of('/app/data/db.sqlite')), 'db-20261204-021500-3c4d.sqlite.gz',
                BackupWriter.restoreCommand(new BackupTarget.Sqlite(Path.of('/app/data/db.sqlite')),
                        Path.of('/var/backups/app/db-20261204-021500-3c4d.sqlite.gz'), Compression.GZIP))
        def stored = new EncryptingStore.Stored('db-20261204-021500-3c4d.sqlite.gz.age', 411, new ObjectStore.Checksums('cd' * 32, 'md5'))
        Map remote = EncryptedCopy.remoteManifest(a, AgeEncryption.of(RECIPIENT), stored, ['db-20261204-021500-3c4d.index'])
        Path fetched = dir.resolve('db-20261204-021500-3c4d.sqlite.gz.manifest.json')
        Files.writeString(fetched, JsonOutput.toJson(remote))

        when:
        EncryptedCopy.split(fetched)
        def envelope = new JsonSlurper().parse(dir.resolve('db-20261204-021500-3c4d.sqlite.gz.encryption.json').toFile())

        then: 'the repository manifest says how it is encrypted and how to restore it by hand'
        remote.encryption == 'age'
        remote.recipients == [RECIPIENT]
        remote.restoreByHand.startsWith("age -d -i key.txt 'db-20261204-021500-3c4d.sqlite.gz.age' | gzip -dc > '/app/data/db.sqlite.restoring' && sqlite3 ")

        and: 'split leaves the manifest as sealed'
        CatalogMatch.differences(a.manifest(), new JsonSlurper().parse(fetched.toFile()) as Map) == []
        envelope == [file: 'db-20261204-021500-3c4d.sqlite.gz.age', size: 411, sha256: 'cd' * 32,
                     sidecars: ['db-20261204-021500-3c4d.index'], encryption: 'age', recipients: [RECIPIENT]]
    }

    def "a restore line that does not read the artifact through its decompressor gets age in front of it: #kind"() {
        expect:
        EncryptedCopy.restoreByHand(artifact(target, name, plain), plain, name + '.age') == expected

        where:
        kind       | target                                               | name                           | plain                                                              || expected
        'a tree'   | new BackupTarget.Dir(Path.of('/app/uploads'), null) | 'uploads-1.tar.gz'             | "mkdir '/app/uploads.restoring' && gzip -dc '/var/backups/app/uploads-1.tar.gz' | tar -xpf - -C '/app/uploads.restoring' && { [ ! -e '/app/uploads' ] || mv -T '/app/uploads' '/app/uploads.before-restore'; } && mv -T '/app/uploads.restoring' '/app/uploads'" || "mkdir '/app/uploads.restoring' && age -d -i key.txt 'uploads-1.tar.gz.age' | gzip -dc | tar -xpf - -C '/app/uploads.restoring' && { [ ! -e '/app/uploads' ] || mv -T '/app/uploads' '/app/uploads.before-restore'; } && mv -T '/app/uploads.restoring' '/app/uploads'"
        'a dump'   | new BackupTarget.File(Path.of('/etc/app.env'))      | 'app-1.dump'                   | "pg_restore -d app '/var/backups/app/app-1.dump'"                  || "age -d -i key.txt 'app-1.dump.age' > 'app-1.dump' && pg_restore -d app 'app-1.dump'"
    }

    def "a plain copy's manifest is left as it is, and an envelope an older copy left is removed"() {
        given:
        Path fetched = dir.resolve('x.sqlite.gz.manifest.json')
        Files.writeString(fetched, '{"id":"x","artifact":{"file":"x.sqlite.gz"}}')
        Files.writeString(dir.resolve('x.sqlite.gz.encryption.json'), '{}')

        when:
        EncryptedCopy.split(fetched)

        then:
        Files.readString(fetched) == '{"id":"x","artifact":{"file":"x.sqlite.gz"}}'
        !Files.exists(dir.resolve('x.sqlite.gz.encryption.json'))
    }
}
