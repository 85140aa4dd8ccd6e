// Journal cost per verb call: the two durable writes a call makes (started, then completed with its result),
// on a real journal file, next to two bare fsyncs of a file on the same disk measured in the same run.
// Run it with bench/journal.sh.
import io.ripcord.journal.CallRecord
import io.ripcord.journal.Journal
import io.ripcord.journal.Operator

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption

int calls = (args ? args[0] : '300') as int
Path dir = Files.createTempDirectory(Path.of(args.length > 1 ? args[1] : 'target'), 'journal-bench')

static long median(List<Long> xs) { def s = xs.sort(); s[s.size().intdiv(2)] }

// baseline: what durability costs on this disk, with no database at all
def fsyncs = []
FileChannel.open(dir.resolve('fsync.bin'), StandardOpenOption.CREATE, StandardOpenOption.WRITE).withCloseable { ch ->
    calls.times {
        long t0 = System.nanoTime()
        2.times { ch.write(ByteBuffer.wrap(new byte[200])); ch.force(false) }
        fsyncs << System.nanoTime() - t0
    }
}

def perCall = []
Journal.open(dir.resolve('journal.db')).withCloseable { j ->
    j.createRun(new Journal.NewRun('bench', 'run', 'bench/journal', '1.0.0', '/bench.groovy', 'sha', [:], [:], Operator.current()))
    String result = '{"exitCode":0,"stdout":"' + ('x' * 200) + '","stderr":"","elapsedMs":3,"truncated":false}'
    (1..calls).each { n ->
        long t0 = System.nanoTime()
        j.callStarted('bench', n, 'step', 'sh', n, 'hash' + n, '{"command":"echo ' + n + '"}')
        j.callFinished('bench', n, CallRecord.CallState.COMPLETED, result, null, 3)
        perCall << System.nanoTime() - t0
    }
}
dir.toFile().deleteDir()

double journalMs = median(perCall) / 1e6
double fsyncMs = median(fsyncs) / 1e6
printf('%-48s %8s%n', "journal cost per verb call ($calls calls, median)", 'ms')
printf('%-48s %8.3f%n', 'two fsyncs of a plain file (baseline)', fsyncMs)
printf('%-48s %8.3f%n', 'journal: call started + completed, WAL, FULL sync', journalMs)
printf('%-48s %8.1f%n', 'ratio journal / baseline', journalMs / fsyncMs)
println(journalMs <= 2.0 ? 'target 2 ms per call: met' : String.format('target 2 ms per call: not met (%.2f ms)', journalMs))
