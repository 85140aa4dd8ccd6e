package io.ripcord.stdlib.repository

import io.ripcord.repository.RepositoryUrl;
import io.ripcord.stdlib.repository.RepositoryException.Reason
import io.ripcord.stdlib.repository.S3Settings
import io.ripcord.stdlib.repository.s3.S3Store
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/** S3Store against a real S3Proxy (SigV4 on), with awscli as the independent client reading and writing both ways. */
@IgnoreIf(value = { !System.getenv('CI') && !S3TestEngine.available() }, reason = 'no S3Proxy (bin/engines/s3proxy.sh starts one)')
class S3StoreSpec extends Specification {

    @TempDir
    Path dir

    String bucket = S3TestEngine.freshBucket()

    static ObjectStore.Checksums checksums(Path file) {
        def sha = MessageDigest.getInstance('SHA-256'), md5 = MessageDigest.getInstance('MD5')
        Files.newInputStream(file).withCloseable { InputStream it ->
            byte[] b = new byte[65536]
            int n
            while ((n = it.read(b)) > 0) {
                sha.update(b, 0, n); md5.update(b, 0, n)
            }
        }
        new ObjectStore.Checksums(sha.digest().encodeHex().toString(), md5.digest().encodeBase64().toString())
    }

    Path randomFile(String name, long size) {
        Path f = dir.resolve(name)
        def r = new Random(size * 31 + name.hashCode())
        Files.newOutputStream(f).withCloseable { out ->
            byte[] b = new byte[1 << 20]
            long left = size
            while (left > 0) {
                r.nextBytes(b)
                int n = (int) Math.min(b.length, left)
                out.write(b, 0, n)
                left -= n
            }
        }
        f
    }

    S3Store store(String prefix = 'app', S3Settings settings = S3TestEngine.settings(), long partSize = 5L << 20) {
        new S3Store(RepositoryUrl.parse("s3://$bucket/$prefix"), settings, partSize)
    }

    static String sha256(Path f) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(f)).encodeHex().toString()
    }

    def "what it puts, in one request or in parts, aws s3 cp reads back byte for byte"() {
        given:
        Path file = randomFile('art.bin', size)
        def s = store()

        when:
        s.put('art.bin', file, checksums(file))
        def r = S3TestEngine.aws('s3', 'cp', "s3://$bucket/app/art.bin", dir.resolve('back.bin').toString())
        def head = S3TestEngine.aws('s3api', 'head-object', '--bucket', bucket, '--key', 'app/art.bin')

        then:
        r.exit == 0
        sha256(dir.resolve('back.bin')) == sha256(file)
        s.stat('art.bin').get().size() == size
        s.list('').collect { it.key() } == ['art.bin']
        head.out.contains('-3\\"') == parts // a multipart ETag ends in the part count: not a checksum
        head.out.contains(sha256(file)) // our SHA-256 travels as metadata, whatever the ETag is

        cleanup:
        s?.close()

        where:
        size              | parts
        100_000L          | false
        (12L << 20) + 7   | true
    }

    def "it reads what aws s3 cp uploaded"() {
        given:
        Path file = randomFile('theirs.bin', 7L << 20)
        assert S3TestEngine.aws('s3', 'cp', file.toString(), "s3://$bucket/app/theirs.bin").exit == 0
        def s = store()

        when:
        Path back = dir.resolve('ours.bin')
        s.open('theirs.bin').withCloseable { Files.copy(it, back) }

        then:
        sha256(back) == sha256(file)

        cleanup:
        s?.close()
    }

    def "an object already there is never replaced: the put is refused and the first bytes stay"() {
        given:
        Path first = randomFile('a.bin', 1000)
        Path second = randomFile('b.bin', 2000)
        def s = store()
        s.put('k.bin', first, checksums(first))

        when:
        s.put('k.bin', second, checksums(second))

        then:
        def e = thrown(RepositoryException)
        e.reason() == Reason.ALREADY_EXISTS
        e.message.contains("s3://$bucket/app")
        s.stat('k.bin').get().size() == 1000

        cleanup:
        s?.close()
    }

    def "bytes that do not match our Content-MD5 are refused by the store and nothing is stored"() {
        given:
        Path file = randomFile('a.bin', 1000)
        Path other = randomFile('b.bin', 1000)
        def s = store()

        when:
        s.put('bad.bin', file, checksums(other))

        then:
        def e = thrown(RepositoryException)
        e.reason() == Reason.CORRUPT
        s.stat('bad.bin').isEmpty()

        cleanup:
        s?.close()
    }

    def "each part's bytes are read once, to be sent: the signature does not read and hash them again"() {
        given:
        Path file = randomFile('art.bin', (12L << 20) + 7)
        def opened = Collections.synchronizedList([])
        def s = new S3Store(RepositoryUrl.parse("s3://$bucket/app"), S3TestEngine.settings(), 5L << 20,
                { InputStream part -> opened << 1; part } as java.util.function.UnaryOperator<InputStream>)

        when:
        def written = s.putChecked('art.bin', file, Files.size(file), sha256(file))
        def r = S3TestEngine.aws('s3', 'cp', "s3://$bucket/app/art.bin", dir.resolve('back.bin').toString())

        then:
        opened.size() == 3 // three parts, each opened once: the SDK's payload signing opened each a second time
        written.sha256Hex() == sha256(file)
        r.exit == 0
        sha256(dir.resolve('back.bin')) == sha256(file)

        cleanup:
        s?.close()
    }

    def "a part whose bytes change between our hashing and the wire is refused by the store (its Content-MD5): nothing is committed"() {
        given:
        Path file = randomFile('art.bin', (12L << 20) + 7)
        def parts = new java.util.concurrent.atomic.AtomicInteger()
        // the second part's first byte flipped on its way out, after its MD5 was taken from the file
        def flip = { InputStream part ->
            if (parts.incrementAndGet() != 2) {
                return part
            }
            new FilterInputStream(part) {
                boolean first = true

                @Override
                int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len)
                    if (first && n > 0) {
                        b[off] = (byte) (b[off] ^ 0x5a)
                        first = false
                    }
                    n
                }
            }
        } as java.util.function.UnaryOperator<InputStream>
        def s = new S3Store(RepositoryUrl.parse("s3://$bucket/app"), S3TestEngine.settings(), 5L << 20, flip)

        when:
        s.putChecked('art.bin', file, Files.size(file), sha256(file))

        then:
        def e = thrown(RepositoryException)
        e.reason() == Reason.CORRUPT
        s.stat('art.bin').isEmpty()
        s.list('').isEmpty()
        !S3TestEngine.aws('s3api', 'list-multipart-uploads', '--bucket', bucket).out.contains('app/art.bin') // aborted

        cleanup:
        s?.close()
    }

    def "a wrong secret is refused (403) with the repository named and the secret nowhere in the message"() {
        given:
        Path file = randomFile('a.bin', 100)
        def s = store('app', S3TestEngine.settings('not-the-secret-at-all'))

        when:
        s.put('a.bin', file, checksums(file))

        then:
        def e = thrown(RepositoryException)
        e.reason() == Reason.ACCESS_DENIED
        e.message.contains("s3://$bucket/app") && e.message.contains('403')
        !e.message.contains('not-the-secret-at-all') && !e.next().contains('not-the-secret-at-all')
        e.next().contains('AWS_SECRET_ACCESS_KEY')

        cleanup:
        s?.close()
    }

    def "a missing bucket and an endpoint that does not answer are said as such"() {
        given:
        def s = new S3Store(RepositoryUrl.parse(url), settings, 5L << 20)

        when:
        s.list('')

        then:
        def e = thrown(RepositoryException)
        e.reason() == reason
        e.message.contains(said)

        cleanup:
        s?.close()

        where:
        url                         | settings                                                                                 | reason             | said
        's3://no-such-bucket-x1/a'  | S3TestEngine.settings()                                                                  | Reason.NOT_FOUND   | "the bucket 'no-such-bucket-x1' does not exist"
        's3://any-bucket/a'         | new S3Settings('http://127.0.0.1:9', 'us-east-1', 'k', 's', null, null)                  | Reason.UNREACHABLE | 'the endpoint does not answer'
    }

    def "sweepIncomplete aborts the multipart uploads an interrupted put left, and only under its prefix"() {
        given:
        assert S3TestEngine.aws('s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'app/half.bin').exit == 0
        assert S3TestEngine.aws('s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'other/half.bin').exit == 0
        def s = store()

        expect:
        s.sweepIncomplete() == 1
        s.sweepIncomplete() == 0
        S3TestEngine.aws('s3api', 'list-multipart-uploads', '--bucket', bucket).out.contains('other/half.bin')

        cleanup:
        s?.close()
    }

    def "delete removes the object, list shows keys relative to the prefix in order"() {
        given:
        Path file = randomFile('a.bin', 10)
        def s = store('deep/er')
        ['b.bin', 'a.bin', 'c.bin'].each { s.put(it, file, checksums(file)) }

        when:
        s.delete('b.bin')

        then:
        s.list('').collect { it.key() } == ['a.bin', 'c.bin']
        s.describe() == "s3://$bucket/deep/er (at ${S3TestEngine.ENDPOINT})"

        cleanup:
        s?.close()
    }
}
