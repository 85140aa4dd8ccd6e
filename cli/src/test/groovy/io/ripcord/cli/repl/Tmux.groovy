package io.ripcord.cli.repl

import java.util.concurrent.TimeUnit

/** A program on a real terminal: a detached tmux session we type into and read the screen of. */
class Tmux implements AutoCloseable {

    static String binary() {
        System.getenv('RIPCORD_TMUX') ?: 'tmux'
    }

    /** tmux is on this machine (bin/engines/tmux.sh installs it for CI). */
    static boolean available() {
        try {
            [binary(), '-V'].execute().waitFor() == 0
        } catch (IOException ignored) {
            false
        }
    }

    final String name = 'ripcord-spec-' + UUID.randomUUID().toString().substring(0, 8)

    Tmux(File cwd, Map<String, String> env, List<String> command) {
        String exports = env.collect { k, v -> "export $k=${quote(v)};" }.join(' ')
        String line = "cd ${quote(cwd.path)}; $exports ${command.collect { quote(it) }.join(' ')}"
        run('new-session', '-d', '-s', name, '-x', '200', '-y', '50', "bash -c ${quote(line + '; echo EXITED $?; sleep 600')}".toString())
    }

    /** Types text literally, then Enter (unless {@code enter} is false). */
    Tmux type(String text, boolean enter = true) {
        run('send-keys', '-t', name, '-l', text)
        if (enter) {
            run('send-keys', '-t', name, 'Enter')
        }
        this
    }

    Tmux key(String key) {
        run('send-keys', '-t', name, key)
        this
    }

    /** The screen and its scrollback. */
    String screen() {
        def p = [binary(), 'capture-pane', '-p', '-J', '-S', '-1000', '-t', name].execute()
        String text = p.text
        p.waitFor()
        text
    }

    Tmux waitFor(String text, int occurrences = 1, int seconds = 30) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (screen().count(text) < occurrences) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the screen never showed '$text':\n${screen()}")
            }
            Thread.sleep(100)
        }
        this
    }

    void close() {
        [binary(), 'kill-session', '-t', name].execute().waitFor()
    }

    private void run(String... args) {
        def p = ([binary()] + args.toList()).execute()
        p.waitForProcessOutput(new StringBuilder(), new StringBuilder())
        assert p.exitValue() == 0: "tmux ${args.toList()} failed"
    }

    private static String quote(String s) {
        "'" + s.replace("'", "'\\''") + "'"
    }
}
