package io.ripcord.cli.repl;

import io.ripcord.cli.InterruptSignal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Commands from a pipe or a file: read line by line (joined while input {@linkplain MultiLineInput awaits more}),
 * no prompt, no history, no JLine, so a script drives the REPL and reads plain output.
 */
final class PlainConsole implements Console {

    private final BufferedReader in;

    PlainConsole(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public String read(String prompt) {
        StringBuilder text = new StringBuilder();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(line);
                if (!MultiLineInput.awaitsMore(text.toString())) {
                    return text.toString();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the input ended inside an open bracket: evaluate what there is, so the problem is reported
        return text.isEmpty() ? null : text.toString();
    }

    @Override
    public <T> T interruptible(Supplier<T> work) {
        try (InterruptSignal ignored = InterruptSignal.interruptOnCtrlC(Thread.currentThread())) {
            return work.get();
        }
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void close() {
        // stdin belongs to the process
    }
}
