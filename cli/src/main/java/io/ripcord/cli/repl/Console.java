package io.ripcord.cli.repl;

import java.util.function.Supplier;

/** Where commands come from: a terminal (JLine) or piped input (plain lines, no prompt). */
interface Console extends AutoCloseable {

    /**
     * The next command, multi-line input joined with newlines; "" when the operator abandoned the line (Ctrl-C at the
     * prompt); null at the end of input (Ctrl-D, or the end of the pipe).
     */
    String read(String prompt);

    /** Runs {@code work} on this thread with Ctrl-C interrupting it: the running verb stops, the shell goes on. */
    <T> T interruptible(Supplier<T> work);

    /** True for a terminal: a banner and colour make sense. */
    boolean interactive();

    @Override
    void close();
}
