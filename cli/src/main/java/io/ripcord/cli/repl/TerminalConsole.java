package io.ripcord.cli.repl;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The REPL on a terminal, through JLine 3: line editing, completion, highlighting, multi-line input, a history file
 * with secrets masked. Ctrl-C at the prompt drops the line; Ctrl-C while a command runs interrupts the thread that
 * runs it (a command's whole process tree is stopped, the journal says interrupted) and the shell goes on; Ctrl-D
 * on an empty line leaves.
 */
final class TerminalConsole implements Console {

    private final Terminal terminal;
    private final LineReader reader;
    private final RedactingHistory history;

    /** The process's terminal, with the exec provider (stty; no native library to unpack). */
    static TerminalConsole system(Session session, Path historyFile) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").name("ripcord").build();
            return new TerminalConsole(session, terminal, historyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    TerminalConsole(Session session, Terminal terminal, Path historyFile) {
        this.terminal = terminal;
        ownerOnly(historyFile);
        this.history = new RedactingHistory(session.cli.redactor());
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ripcord")
                .parser(new ReplParser())
                .completer(new ReplCompleter(session))
                .highlighter(new ReplHighlighter(session.cli::verbs, session.variables))
                .history(history)
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P   ... ")
                .variable(LineReader.BLINK_MATCHING_PAREN, 0)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' and '\' are Groovy's, not history's
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
    }

    @Override
    public String read(String prompt) {
        history.commit();
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public <T> T interruptible(Supplier<T> work) {
        Thread worker = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
        try {
            return work.get();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a Ctrl-C that came after the verb ended must not hit the next one
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        history.commit();
        try {
            history.save();
            terminal.close();
        } catch (IOException e) {
            // the session is over; a history that could not be written is only a convenience lost
        }
    }

    /** The history is the operator's: owner-only (0600), whatever the umask, before JLine first writes it. */
    private static void ownerOnly(Path historyFile) {
        try {
            java.nio.file.Files.createDirectories(historyFile.toAbsolutePath().getParent());
            io.ripcord.files.AtomicFile.makePrivate(historyFile);
        } catch (java.io.IOException | RuntimeException e) {
            // a history we cannot protect (no POSIX permissions here) is still written by JLine; nothing secret reaches it (RedactingHistory)
        }
    }
}
