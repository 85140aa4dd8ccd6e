package io.ripcord.stdlib.storage

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** gzip on every core, both ways, checked against GNU gzip. */
class ParallelGzipSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-gzip')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    List<Long> write(Path file, byte[] data) {
        def out = new ParallelGzipOutputStream(Files.newOutputStream(file))
        out.write(data)
        out.close()
        out.memberSizes()
    }

    def "#size bytes written on every core are what GNU gzip and the parallel reader read back"() {
        given:
        def random = new Random(size)
        byte[] data = new byte[size]
        for (int i = 0; i < size; i++) data[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 'abcdefgh'.charAt(i % 8))
        Path file = dir.resolve('data.gz')

        when:
        def members = write(file, data)
        def p = ['gzip', '-dc', file.toString()].execute()
        byte[] gnu = p.inputStream.bytes
        p.waitFor()
        byte[] ours = new ParallelGzipInputStream(Files.newInputStream(file), members).bytes

        then:
        p.exitValue() == 0
        gnu == data
        ours == data
        members.sum() == Files.size(file)
        members.size() == Math.max(1, Math.ceil(size / (1 << 20)) as int)

        where:
        size << [0, 1, (1 << 20) - 1, 1 << 20, 5 * (1 << 20) + 12345]
    }

    def "a damaged member is caught by its own CRC, and a short file as truncated"() {
        given:
        byte[] data = new byte[3 << 20]
        new Random(1).nextBytes(data)
        Path file = dir.resolve('data.gz')
        def members = write(file, data)
        byte[] bytes = Files.readAllBytes(file)

        when:
        byte[] flipped = bytes.clone()
        flipped[(members[0] + members[1].intdiv(2)) as int] ^= 0x40
        new ParallelGzipInputStream(new ByteArrayInputStream(flipped), members).bytes

        then:
        def damaged = thrown(IOException)
        damaged.message.startsWith('gzip member 1 ')

        when:
        new ParallelGzipInputStream(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 100)), members).bytes

        then:
        def cut = thrown(IOException)
        cut.message.contains('(truncated)')
    }
}
