package io.ripcord.stdlib.crypt

import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * The age v1 format against Debian's age 1.1: each reads what the other wrote, byte for byte, across the chunk
 * boundaries (64 KiB); a wrong identity, a truncated file and every kind of tampering end in a clear error.
 */
@IgnoreIf(value = { !System.getenv('CI') && !AgeTool.available() }, reason = 'no age binary (bin/engines/age.sh installs it)')
class AgeFormatSpec extends Specification {

    static final int CHUNK = 64 * 1024

    @TempDir
    @Shared
    Path dir

    @Shared
    Path keyFile
    @Shared
    String recipientText

    def setupSpec() {
        (keyFile, recipientText) = AgeTool.keygen(dir, 'key.txt')
    }

    def "age decrypts what Ripcord encrypted, #size bytes"() {
        given:
        Path plain = randomFile("plain-$size", size)
        Path sealed = dir.resolve("ours-${size}.age")
        Path back = dir.resolve("ours-${size}.out")

        when:
        encrypt(plain, sealed, [AgeRecipient.parse(recipientText)])
        def (int exit, String err) = AgeTool.run([AgeTool.AGE, '-d', '-i', keyFile.toString()], sealed, back)

        then:
        exit == 0
        err == ''
        sha256(back) == sha256(plain)
        // header + nonce + one 16-byte tag per chunk: nothing else is added
        Files.size(sealed) - headerLength(sealed) - 16 == size + 16L * Math.max(1, (size + CHUNK - 1).intdiv(CHUNK))

        where:
        size << [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17]
    }

    def "Ripcord decrypts what age encrypted, #size bytes"() {
        given:
        Path plain = randomFile("age-plain-$size", size)
        Path sealed = dir.resolve("theirs-${size}.age")
        def (int exit, String err) = AgeTool.run([AgeTool.AGE, '-r', recipientText, '-o', sealed.toString()], plain)
        assert exit == 0: err

        expect:
        sha256(decrypt(sealed, Files.readString(keyFile))) == sha256(plain)

        where:
        size << [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17]
    }

    def "with several recipients, each identity alone decrypts, in age and in Ripcord"() {
        given:
        def (Path otherKey, String otherRecipient) = AgeTool.keygen(dir, 'other.txt')
        Path plain = randomFile('multi', 2 * CHUNK + 5)
        Path ours = dir.resolve('multi-ours.age')
        Path theirs = dir.resolve('multi-theirs.age')
        encrypt(plain, ours, [AgeRecipient.parse(recipientText), AgeRecipient.parse(otherRecipient)])
        assert AgeTool.run([AgeTool.AGE, '-r', recipientText, '-r', otherRecipient, '-o', theirs.toString()], plain)[0] == 0

        expect:
        [keyFile, otherKey].every { key ->
            Path out = dir.resolve("multi-${key.fileName}.out")
            AgeTool.run([AgeTool.AGE, '-d', '-i', key.toString(), '-o', out.toString(), ours.toString()])[0] == 0 &&
                    sha256(out) == sha256(plain) && sha256(decrypt(theirs, Files.readString(key))) == sha256(plain)
        }
    }

    def "keys: a generated identity is what age-keygen reads, and a key file's public key is the one age-keygen prints"() {
        given:
        AgeIdentity generated = AgeIdentity.generate()
        Path written = dir.resolve('generated.txt')
        Files.writeString(written, "# created by the spec\n${generated.secretText()}\n")
        Path pub = dir.resolve('generated.pub')

        when:
        def (int exit, String err) = AgeTool.run(['age-keygen', '-y', written.toString()], null, pub)

        then:
        exit == 0
        Files.readString(pub).trim() == generated.recipient().toString()
        AgeIdentity.parseAll(Files.readString(keyFile))*.recipient()*.toString() == [recipientText]
        AgeRecipient.parse(recipientText).toString() == recipientText
        !generated.toString().contains(generated.secretText().substring(16))
    }

    def "decrypting with another identity is refused before any payload is read"() {
        given:
        Path plain = randomFile('wrong', 1000)
        Path sealed = dir.resolve('wrong.age')
        encrypt(plain, sealed, [AgeRecipient.parse(recipientText)])
        AgeIdentity stranger = AgeIdentity.generate()

        when:
        AgeDecryptingInputStream.from(Files.newInputStream(sealed), [stranger])

        then:
        AgeFormatException e = thrown()
        e.message.startsWith('this file was not encrypted to the identity given ([' + stranger.recipient() + '])')
        e.message.contains('it has 1 X25519 recipient(s)')
        !e.message.contains(stranger.secretText())
    }

    def "a file cut short (#where) never decrypts as if it were whole, in Ripcord and in age"() {
        given:
        Path plain = randomFile("cut-$where", 3 * CHUNK)
        Path sealed = dir.resolve("cut-${where}.age")
        encrypt(plain, sealed, [AgeRecipient.parse(recipientText)])
        byte[] bytes = Files.readAllBytes(sealed)
        int header = headerLength(sealed)
        int keep = cut(header)
        Path cutFile = dir.resolve("cut-${where}.cut")
        Files.write(cutFile, Arrays.copyOf(bytes, keep))

        when:
        decrypt(cutFile, Files.readString(keyFile))

        then:
        AgeFormatException e = thrown()
        e.message.contains(message)
        AgeTool.run([AgeTool.AGE, '-d', '-i', keyFile.toString(), '-o', '/dev/null', cutFile.toString()])[0] != 0

        where:
        where                   | cut                                   || message
        'inside the header'     | { int h -> h - 30 }                   || 'the age header'
        'inside the nonce'      | { int h -> h + 7 }                    || 'truncated (it ends inside the payload nonce)'
        'after the nonce'       | { int h -> h + 16 }                   || 'truncated (its last chunk is missing)'
        'at a chunk boundary'   | { int h -> h + 16 + 2 * (CHUNK + 16) } || 'changed or cut short (chunk 1 fails authentication)'
        'inside the last chunk' | { int h -> h + 16 + 2 * (CHUNK + 16) + 100 } || 'changed or cut short (chunk 2 fails authentication)'
    }

    static final Closure OTHER_LETTER = { int b -> b == ('A' as char) as int ? ('B' as char) as int : ('A' as char) as int }

    def "a changed byte (#where) is refused with what failed"() {
        given:
        Path plain = randomFile("tamper-$where", 2 * CHUNK + 10)
        Path sealed = dir.resolve("tamper-${where}.age")
        encrypt(plain, sealed, [AgeRecipient.parse(recipientText)])
        byte[] bytes = Files.readAllBytes(sealed)
        int at = offset(headerLength(sealed), new String(bytes, 0, headerLength(sealed), 'US-ASCII'))
        bytes[at] = (byte) change(bytes[at] & 0xff)
        Path changed = dir.resolve("tamper-${where}.changed")
        Files.write(changed, bytes)

        when:
        decrypt(changed, Files.readString(keyFile))

        then:
        AgeFormatException e = thrown()
        e.message.contains(message)
        AgeTool.run([AgeTool.AGE, '-d', '-i', keyFile.toString(), '-o', '/dev/null', changed.toString()])[0] != 0

        where:
        // inside base64 text a byte is changed to another base64 letter (a flipped bit may not be one, and would be a
        // malformed header instead of the change the row means); binary bytes get a bit flipped
        where                 | change        | offset                                        || message
        'the version line'    | { it ^ 0x01 } | { int h, String t -> 3 }                      || 'not an age-encrypted file'
        'the stanza share'    | OTHER_LETTER  | { int h, String t -> t.indexOf('X25519 ') + 9 } || 'not encrypted to the identity given'
        'the header MAC'      | OTHER_LETTER  | { int h, String t -> t.indexOf('--- ') + 10 }  || 'header was changed'
        'the payload nonce'   | { it ^ 0x80 } | { int h, String t -> h + 3 }                  || 'chunk 0 fails authentication'
        'the first chunk'     | { it ^ 0x80 } | { int h, String t -> h + 16 + 500 }            || 'chunk 0 fails authentication'
        'the last chunk'      | { it ^ 0x80 } | { int h, String t -> h + 16 + 2 * (CHUNK + 16) + 2 } || 'chunk 2 fails authentication'
    }

    def "an ASCII-armored age file is refused with what to do"() {
        given:
        Path plain = randomFile('armored', 100)
        Path sealed = dir.resolve('armored.age')
        assert AgeTool.run([AgeTool.AGE, '-a', '-r', recipientText, '-o', sealed.toString()], plain)[0] == 0

        when:
        decrypt(sealed, Files.readString(keyFile))

        then:
        AgeFormatException e = thrown()
        e.message == 'this is an ASCII-armored age file: Ripcord reads the binary format (age -d reads both)'
    }

    def "key text that is not an age key is refused without quoting it: #what"() {
        when:
        parse(text)

        then:
        AgeFormatException e = thrown()
        e.message.contains(message)
        !e.message.contains('QQQQ')

        where:
        what                     | parse                        | text                                      || message
        'an empty identity'      | { AgeIdentity.parseAll(it) } | '# only a comment\n'                      || 'no age identity in the key text'
        'a mistyped identity'    | { AgeIdentity.parseAll(it) } | 'AGE-SECRET-KEY-1QQQQ\n'                  || 'line 1 of the key text is not an age X25519 identity'
        'a recipient as identity'| { AgeIdentity.parseAll(it) } | 'age1qqqq\n'                              || 'line 1 of the key text is not an age X25519 identity'
        'an identity as recipient'| { AgeRecipient.parse(it) }  | 'AGE-SECRET-KEY-1QQQQ'                    || 'this is an age identity (a secret key), not a recipient'
        'an ssh key'             | { AgeRecipient.parse(it) }   | 'ssh-ed25519 AAAAQQQQ'                    || 'SSH recipients are not supported'
        'a bad checksum'         | { AgeRecipient.parse(it) }   | 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8q' || "not an age X25519 recipient: 'age1ql3z7hjy…' has the length of one, but fails its checksum"
        'one letter short'       | { AgeRecipient.parse(it) }   | 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8' || "not an age X25519 recipient: 'age1ql3z7hjy…' (expected age1 and 58 more characters"
    }

    def "memory stays constant: 96 MiB go through encryption and decryption in a 16 MiB heap"() {
        given:
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()

        when:
        Process p = new ProcessBuilder(java, '-Xmx16m', '-cp', System.getProperty('java.class.path'), AgeStreamProcess.name, '96')
                .redirectErrorStream(true).start()
        String out = p.inputStream.text
        int exit = p.waitFor()
        def (String count, String wrote, String read) = out.trim().tokenize(' ')

        then:
        exit == 0
        count == String.valueOf(96L << 20)
        read == wrote
    }

    private Path randomFile(String name, int size) {
        byte[] bytes = new byte[size]
        new Random(size * 31L + name.hashCode()).nextBytes(bytes)
        Path p = dir.resolve(name)
        Files.write(p, bytes)
        p
    }

    private static void encrypt(Path plain, Path sealed, List<AgeRecipient> recipients) {
        AgeEncryptingOutputStream.to(Files.newOutputStream(sealed), recipients).withCloseable { out ->
            Files.copy(plain, out)
        }
    }

    private Path decrypt(Path sealed, String keyText) {
        Path out = Files.createTempFile(dir, 'dec', '.out')
        Files.newInputStream(sealed).withCloseable { raw ->
            Files.copy(AgeDecryptingInputStream.from(raw, AgeIdentity.parseAll(keyText)), out,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING)
        }
        out
    }

    /** Bytes up to and including the MAC line. */
    private static int headerLength(Path sealed) {
        byte[] bytes = Files.readAllBytes(sealed)
        String text = new String(bytes, 0, Math.min(bytes.length, 4096), 'ISO-8859-1')
        int mac = text.indexOf('\n--- ')
        text.indexOf('\n', mac + 1) + 1
    }

    private static String sha256(Path p) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()
    }
}
