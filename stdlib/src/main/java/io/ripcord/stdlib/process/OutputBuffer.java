package io.ripcord.stdlib.process;

/** Keeps a stream's text up to a limit, then only its tail: a chatty command must not exhaust memory. */
final class OutputBuffer {

    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    OutputBuffer(int limit) {
        this.limit = limit;
    }

    synchronized void append(String line) {
        text.append(line).append('\n');
        if (text.length() > limit) {
            text.delete(0, text.length() - limit);
            truncated = true;
        }
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
