package io.ripcord.cli.repl

import io.ripcord.cli.Cli
import io.ripcord.cli.CliHarness
import io.ripcord.cli.Styles
import io.ripcord.journal.Journal
import org.jline.terminal.Terminal
import org.jline.terminal.TerminalBuilder

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Drives the REPL on a dumb JLine terminal built over streams: keys are written to the terminal's input, the shell
 * runs on its own thread, and what it prints (results, progress, problems) is read back.
 */
class ReplDriver implements AutoCloseable {

    final Path dir
    final Path home
    final Map<String, String> env
    final PipedOutputStream keys = new PipedOutputStream()
    final ByteArrayOutputStream screen = new ByteArrayOutputStream()
    final StringWriter printed = new StringWriter()
    final Terminal terminal
    final Journal journal
    final Session session
    final Repl repl
    Thread thread
    volatile Integer exitCode

    /** {@code type}: 'dumb' (no key bindings beyond Enter) or a real type such as 'ansi' (Tab completes). */
    ReplDriver(Path dir, Map<String, String> extraEnv = [:], String type = 'dumb') {
        this.dir = dir
        this.home = dir.resolve('home')
        this.env = CliHarness.defaultEnv() + [RIPCORD_HOME: home.toString()] + extraEnv
        def writer = new PrintWriter(new Writer() {
            void write(char[] c, int off, int len) { synchronized (printed) { printed.write(c, off, len) } }
            void flush() { }
            void close() { }
        }, true)
        Cli cli = new Cli(writer, writer, env, dir, new Styles(false), false)
        terminal = TerminalBuilder.builder().system(false).dumb(type == 'dumb').type(type)
                .streams(new PipedInputStream(keys, 65536), screen).build()
        journal = Journal.open(home.resolve('journal.db'))
        session = new Session(cli, journal)
        repl = new Repl(session, new TerminalConsole(session, terminal, Repl.historyFile(cli)))
    }

    ReplDriver start() {
        thread = Thread.start('repl') { exitCode = repl.loop() }
        this
    }

    /** Types text (use \r for Enter, \t for Tab). */
    ReplDriver type(String text) {
        keys.write(text.getBytes('UTF-8'))
        keys.flush()
        this
    }

    String getOutput() {
        synchronized (printed) { printed.toString() }
    }

    /** Waits until the shell has printed {@code text}, at most 20 s. */
    ReplDriver waitFor(String text, int occurrences = 1) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
        while (output.count(text) < occurrences) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the REPL never printed '$text'; it printed:\n$output")
            }
            Thread.sleep(20)
        }
        this
    }

    /** :quit and wait for the loop to end; returns the exit code. */
    int quit() {
        type(':quit\r')
        thread.join(20_000)
        assert !thread.alive
        exitCode
    }

    void close() {
        if (thread?.alive) {
            keys.close()
            thread.join(5_000)
        }
        journal.close()
        terminal.close()
    }

    static Path tempDir() {
        Files.createTempDirectory('ripcord-repl')
    }
}
