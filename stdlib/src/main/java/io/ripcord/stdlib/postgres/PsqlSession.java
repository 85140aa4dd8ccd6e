package io.ripcord.stdlib.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code psql -X -A -t -q -v ON_ERROR_STOP=1} inside the container, fed statements on its standard
 * input: the session a restore's guard needs from first to last statement (its advisory lock lives as long as the
 * session). Each statement is followed by {@code \echo} of a marker, and its rows are what psql printed before the
 * marker. A failing statement ends psql (ON_ERROR_STOP); its standard error becomes the SQLException's message.
 */
final class PsqlSession implements PgSql, AutoCloseable {

    private static final String SEPARATOR = "\u001f";
    private static final long STATEMENT_SECONDS = 600;

    private final String marker = "ripcord-" + UUID.randomUUID();
    private final OutputStream toPsql;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final CompletableFuture<PgServer.ToolRun> ended = new CompletableFuture<>();

    PsqlSession(ContainerPgServer server, String database) throws IOException {
        Pipe pipe = Pipe.open();
        toPsql = Channels.newOutputStream(pipe.sink());
        OutputStream collect = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (printed) {
                    printed.write(b, off, len);
                    printed.notifyAll();
                }
            }
        };
        Thread session = new Thread(() -> {
            try {
                ended.complete(server.exec("psql", database, List.of("-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-F", SEPARATOR),
                        Channels.newInputStream(pipe.source()), collect));
            } catch (Exception e) {
                ended.completeExceptionally(e);
            } finally {
                synchronized (printed) {
                    printed.notifyAll();
                }
            }
        }, "ripcord-psql-session");
        session.setDaemon(true);
        session.start();
    }

    @Override
    public synchronized List<List<String>> rows(String sql) throws SQLException {
        String done = marker + "\n";
        try {
            toPsql.write((sql + ";\n\\echo " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            toPsql.flush();
        } catch (IOException e) {
            throw new SQLException(ended() + " (" + e.getMessage() + ")");
        }
        String text;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STATEMENT_SECONDS);
        synchronized (printed) {
            while (!(text = printed.toString(StandardCharsets.UTF_8)).contains(done)) {
                if (ended.isDone()) {
                    throw new SQLException(ended());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SQLException("psql gave no answer within " + STATEMENT_SECONDS + " s to: " + sql);
                }
                try {
                    printed.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for psql");
                }
            }
            printed.reset();
            String rest = text.substring(text.indexOf(done) + done.length());
            printed.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
            text = text.substring(0, text.indexOf(done));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(List.of(line.split(SEPARATOR, -1)));
            }
        }
        return rows;
    }

    /** Why the session is gone: psql's own words. */
    private String ended() {
        try {
            PgServer.ToolRun r = ended.get(10, TimeUnit.SECONDS);
            return "the psql session ended (exit " + r.exitCode() + "): " + PgErrors.lastLines(r.stderr(), 3);
        } catch (Exception e) {
            return "the psql session ended: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        try {
            toPsql.write("\\q\n".getBytes(StandardCharsets.UTF_8));
            toPsql.close();
            ended.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the server ends the session (and drops its advisory lock) when the exec's stream closes
        }
    }
}
