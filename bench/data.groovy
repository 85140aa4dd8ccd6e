// Generates the benchmark tree: a few large compressible files and many small ones, deterministic (seeded).
// Usage (through bench/backup.sh): data.groovy DIR TOTAL_MB
import java.nio.file.Files
import java.nio.file.Path

Path root = Path.of(args[0])
long totalMb = args[1] as long
def random = new Random(20261121)
Files.createDirectories(root)

// ~80% in 4 large files: log-like lines, partly random, so gzip gets about 3-4x, not 1000x
long largeBytes = (totalMb * 8L << 20) / 10 / 4
def words = ['GET', 'POST', '/api/users', '/api/orders', 'status=200', 'status=500', 'INFO', 'WARN', 'ERROR', 'user', 'admin', 'latency_ms']
(1..4).each { n ->
    Files.newBufferedWriter(root.resolve("large-${n}.log")).withCloseable { w ->
        long written = 0
        while (written < largeBytes) {
            String line = "2026-11-21T05:${random.nextInt(60)}:${random.nextInt(60)}Z ${words[random.nextInt(words.size())]} ${words[random.nextInt(words.size())]} id=${Long.toHexString(random.nextLong())} v=${random.nextInt(100000)}\n"
            w.write(line)
            written += line.length()
        }
    }
}
// ~20% in small files, ~20k of them at 1 GiB, spread over directories
long smallTotal = (totalMb << 20) / 5
int count = Math.max(100, (int) (20_000 * totalMb / 1024))
long each = smallTotal / count
byte[] buffer = new byte[(int) each]
(0..<count).each { i ->
    Path file = root.resolve("small/d${i % 200}/f${i}.dat")
    if (i < 200) Files.createDirectories(file.parent)
    for (int b = 0; b < buffer.length; b++) buffer[b] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 97 + (b % 26))
    Files.write(file, buffer)
}
println "generated ${totalMb} MB in ${count + 4} files under $root"
