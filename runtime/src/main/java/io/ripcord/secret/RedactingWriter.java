package io.ripcord.secret;

import java.io.IOException;
import java.io.Writer;

/**
 * The console's boundary: everything written passes through the redactor before it reaches {@code target}, so a
 * new print site cannot forget it. Text is held until a line is complete (or a flush), since a secret printed in
 * two pieces must still be seen whole; a prompt without a newline goes out on flush.
 */
public final class RedactingWriter extends Writer {

    private final Writer target;
    private final Redactor redactor;
    private final StringBuilder pending = new StringBuilder();

    public RedactingWriter(Writer target, Redactor redactor) {
        this.target = target;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) throws IOException {
        pending.append(chars, offset, length);
        int lastNewline = pending.lastIndexOf("\n");
        if (lastNewline >= 0) {
            target.write(redactor.redact(pending.substring(0, lastNewline + 1)));
            pending.delete(0, lastNewline + 1);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!pending.isEmpty()) {
            target.write(redactor.redact(pending.toString()));
            pending.setLength(0);
        }
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        target.close();
    }
}
