// Journal cost per verb call: the two durable writes a call makes (started, then completed with its result), each
// fenced by the run's lease as in a real run, next to two bare fsyncs of a file on the same disk measured in the same
// run; a lock's take + release; and `ripcord runs` over many journaled runs. One column for the SQLite file, one for
// PostgreSQL (team mode) when RIPCORD_BENCH_PG names a database URL (password: PGPASSWORD or ~/.pgpass).
// Run it with bench/journal.sh.
import io.ripcord.journal.CallRecord
import io.ripcord.journal.Journal
import io.ripcord.journal.Operator

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Duration

int calls = (args ? args[0] : '300') as int
Path dir = Files.createTempDirectory(Path.of(args.length > 1 ? args[1] : 'target'), 'journal-bench')
int runsListed = (System.getenv('RIPCORD_BENCH_RUNS') ?: '10000') as int
String pg = System.getenv('RIPCORD_BENCH_PG')

static double median(List<Long> xs) { def s = xs.sort(); s[s.size().intdiv(2)] / 1e6 }

// baseline: what durability costs on this disk, with no database at all
def fsyncs = []
FileChannel.open(dir.resolve('fsync.bin'), StandardOpenOption.CREATE, StandardOpenOption.WRITE).withCloseable { ch ->
    calls.times {
        long t0 = System.nanoTime()
        2.times { ch.write(ByteBuffer.wrap(new byte[200])); ch.force(false) }
        fsyncs << System.nanoTime() - t0
    }
}

Operator me = Operator.current()

/** The median wall time of `bin/ripcord ARGS` over three runs, start-up included. */
def command = { String... args ->
    def times = []
    3.times {
        long t0 = System.nanoTime()
        def p = new ProcessBuilder(['bin/ripcord'] + args.toList()).redirectErrorStream(true).start()
        p.inputStream.text
        assert p.waitFor() == 0
        times << System.nanoTime() - t0
    }
    times
}

/** [per call ms, lock take + release ms, runs listing ms (in process), `ripcord runs` ms (the command)] */
def measure = { Journal j, String journalArg ->
    j.createRun(new Journal.NewRun('bench', 'run', 'bench/journal', '1.0.0', '/bench.groovy', 'sha', [:], [:], me))
    j.leaseRun('bench', Duration.ofSeconds(30))
    String result = '{"exitCode":0,"stdout":"' + ('x' * 200) + '","stderr":"","elapsedMs":3,"truncated":false}'
    def perCall = []
    (1..calls).each { n ->
        long t0 = System.nanoTime()
        j.callStarted('bench', n, 'step', 'sh', n, 'hash' + n, '{"command":"echo ' + n + '"}')
        j.callFinished('bench', n, CallRecord.CallState.COMPLETED, result, null, 3)
        perCall << System.nanoTime() - t0
    }
    j.unfence('bench')
    def locks = []
    (1..Math.min(calls, 200)).each {
        long t0 = System.nanoTime()
        assert j.tryLock('bench-lock', 'bench', me, Duration.ofSeconds(30)).isEmpty()
        j.release('bench-lock', 'bench')
        locks << System.nanoTime() - t0
    }
    (1..runsListed).each { n ->
        j.createRun(new Journal.NewRun(String.format('seed-%06d', n), 'run', 'bench/seed', '1.0.0', '/seed.groovy', 'sha', [:], [:], me))
    }
    def listing = []
    20.times {
        long t0 = System.nanoTime()
        assert j.runs(null, null, 20).size() == 20
        listing << System.nanoTime() - t0
    }
    [median(perCall), median(locks), median(listing), median(command('runs', '--journal', journalArg))]
}

def sqlite = Journal.open(dir.resolve('journal.db')).withCloseable { measure(it, dir.resolve('journal.db').toString()) }
def postgres = null
if (pg) {
    postgres = Journal.openPostgres(pg, System.getenv(), Path.of(System.getProperty('user.home'))).withCloseable { measure(it, pg) }
}
dir.toFile().deleteDir()

double fsyncMs = median(fsyncs)
String pgHeader = pg ? 'postgresql' : '(no RIPCORD_BENCH_PG)'
printf('%-58s %10s %12s%n', "journal costs ($calls calls, median)", 'sqlite ms', pgHeader.take(12))
printf('%-58s %10.3f %12s%n', 'two fsyncs of a plain file (baseline)', fsyncMs, '')
def rows = [['call started + completed, fenced (target 3 ms)', 0], ['lock take + release (target 10 ms)', 1],
            ["list the newest 20 of ${runsListed + 1} runs, in process", 2], ["`ripcord runs` over ${runsListed + 1} runs (target 1 s)", 3]]
rows.each { label, i ->
    printf('%-58s %10.3f %12s%n', label, sqlite[i], postgres == null ? '-' : String.format('%.3f', postgres[i]))
}
printf('%-58s %10.3f%n', '`ripcord --version` (JVM start-up alone, no journal)', median(command('--version')))
printf('%-58s %10.1f%n', 'ratio journal call / baseline (sqlite)', sqlite[0] / fsyncMs)
[['sqlite', sqlite], ['postgresql', postgres]].findAll { it[1] != null }.each { name, r ->
    println("$name: " + [r[0] <= 3.0 ? 'call ≤ 3 ms: met' : String.format('call ≤ 3 ms: not met (%.2f ms)', r[0]),
                         r[1] <= 10.0 ? 'lock ≤ 10 ms: met' : String.format('lock ≤ 10 ms: not met (%.2f ms)', r[1]),
                         r[3] <= 1000.0 ? 'runs ≤ 1 s: met' : String.format('runs ≤ 1 s: not met (%.0f ms)', r[3])].join('; '))
}
