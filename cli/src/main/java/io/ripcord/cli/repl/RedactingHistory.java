package io.ripcord.cli.repl;

import io.ripcord.secret.Redactor;
import org.jline.reader.impl.history.DefaultHistory;

import java.time.Instant;

/**
 * The REPL's history ($RIPCORD_HOME/repl_history) with secrets never written: a command is kept back until it has
 * run, so a secret it resolved itself is known too, and then stored redacted ({@code ${secret:NAME}} in place of
 * every resolved value). A value never resolved in this session cannot be recognised; {@code secret('NAME')} keeps
 * values out of what is typed.
 */
final class RedactingHistory extends DefaultHistory {

    private final Redactor redactor;
    private String pending;
    private Instant pendingTime;

    RedactingHistory(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void add(Instant time, String line) {
        commit();
        pending = line;
        pendingTime = time;
    }

    /** The previous command ran: keep it, redacted with every secret known now (written to the file at once). */
    void commit() {
        if (pending != null) {
            String line = pending;
            pending = null;
            super.add(pendingTime, redactor.redact(line));
        }
    }
}
