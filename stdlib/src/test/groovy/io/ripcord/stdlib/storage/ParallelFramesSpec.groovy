package io.ripcord.stdlib.storage

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** gzip and zstd on every core, both ways, checked against GNU gzip and the zstd CLI. */
class ParallelFramesSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-frames')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    List<Long> write(Compression compression, Path file, byte[] data) {
        def out = compression.compress(Files.newOutputStream(file)) as ParallelFrameOutputStream
        out.write(data)
        out.close()
        out.frameSizes()
    }

    static byte[] sample(int size) {
        def random = new Random(size)
        byte[] data = new byte[size]
        for (int i = 0; i < size; i++) data[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 'abcdefgh'.charAt(i % 8))
        data
    }

    static byte[] run(String... command) {
        def p = command.execute()
        byte[] out = p.inputStream.bytes
        assert p.waitFor() == 0: "${command.join(' ')}: ${p.errorStream.text}"
        out
    }

    def "#size bytes written as #compression on every core are what #tool and the parallel reader read back"() {
        given:
        byte[] data = sample(size)
        Path file = dir.resolve('data' + compression.suffix())

        when:
        def frames = write(compression, file, data)
        byte[] theirs = run(tool, '-dc', file.toString())
        byte[] ours = compression.decompress(Files.newInputStream(file), frames).bytes
        byte[] streamed = compression.decompress(Files.newInputStream(file)).bytes // as a reader without the frame list

        then:
        run(tool, '-t', file.toString()) != null
        theirs == data
        ours == data
        streamed == data
        frames.sum() == Files.size(file)
        frames.size() == Math.max(1, Math.ceil(size / (1 << 20)) as int)

        where:
        [compression, size] << [[Compression.GZIP, Compression.ZSTD], [0, 1, (1 << 20) - 1, 1 << 20, 5 * (1 << 20) + 12345]].combinations()
        tool = compression == Compression.GZIP ? 'gzip' : 'zstd'
    }

    def "the zstd CLI counts one checksummed frame per 1 MiB block"() {
        given:
        Path file = dir.resolve('data.zst')
        def frames = write(Compression.ZSTD, file, sample(3 * (1 << 20) + 5))

        when:
        def listed = new String(run('zstd', '-lv', file.toString())) // "# Zstandard Frames: 4", "Check: XXH64 ..."

        then:
        frames.size() == 4
        listed.contains('# Zstandard Frames: 4')
        listed.contains('Check: XXH64')
    }

    def "a damaged #compression frame is caught by its own checksum, a short file as truncated, a wrong frame table as such"() {
        given:
        byte[] data = new byte[3 << 20]
        new Random(1).nextBytes(data)
        Path file = dir.resolve('data' + compression.suffix())
        def frames = write(compression, file, data)
        byte[] bytes = Files.readAllBytes(file)

        when:
        byte[] flipped = bytes.clone()
        flipped[(frames[0] + frames[1].intdiv(2)) as int] ^= 0x40
        compression.decompress(new ByteArrayInputStream(flipped), frames).bytes

        then:
        def damaged = thrown(IOException)
        damaged.message.startsWith(what + ' 1 ')

        when:
        compression.decompress(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 100)), frames).bytes

        then:
        def cut = thrown(IOException)
        cut.message == "the file ends inside $what 2 of 3 (truncated)"

        when: 'a table that cuts the frames elsewhere'
        compression.decompress(new ByteArrayInputStream(bytes), [frames[0] - 7, frames[1] + 7, frames[2]]).bytes

        then:
        def table = thrown(IOException)
        table.message.startsWith(what + ' 0 ')

        where:
        compression      | what
        Compression.GZIP | 'gzip member'
        Compression.ZSTD | 'zstd frame'
    }

    def "a zstd frame that claims more content than a block is refused before anything is allocated"() {
        given: 'one frame of 2 MiB, written by the zstd CLI'
        Path big = dir.resolve('big')
        Files.write(big, sample(2 << 20))
        run('zstd', '-q', '-3', big.toString())
        byte[] frame = Files.readAllBytes(dir.resolve('big.zst'))

        when:
        Compression.ZSTD.decompress(new ByteArrayInputStream(frame), [frame.length as long]).bytes

        then:
        def e = thrown(IOException)
        e.message == 'zstd frame 0 does not hold a block Ripcord writes (its content size is 2097152 bytes)'
    }
}
