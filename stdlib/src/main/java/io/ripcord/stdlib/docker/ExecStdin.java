package io.ripcord.stdlib.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ExecStart with standard input, spoken over the Engine's socket directly: docker-java's hijacked stream never
 * half-closes the connection when the input ends, so {@code pg_restore} reading a dump from stdin would wait forever
 * (and a truncated dump would hang verify instead of failing it). Here the input is copied in on its own thread and
 * the socket's output shut down at its end; the multiplexed output (8-byte frame headers: stream, 0, 0, 0, length)
 * is read on the caller's thread. Unix sockets and plain tcp:// engines; a TLS engine is refused by name.
 */
final class ExecStdin {

    interface Sink {
        void accept(int stream, byte[] bytes);
    }

    private ExecStdin() {
    }

    static void run(DockerEndpoint endpoint, String execId, InputStream stdin, Sink sink, Duration timeout) throws IOException, InterruptedException {
        try (SocketChannel channel = EngineSocket.open(endpoint)) {
            byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.US_ASCII);
            String request = "POST /exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length + "\r\n\r\n";
            writeFully(channel, request.getBytes(StandardCharsets.US_ASCII));
            writeFully(channel, body);
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            String head = readHead(channel, in);
            if (!head.startsWith("HTTP/1.1 101") && !head.startsWith("HTTP/1.1 200")) {
                throw new IOException("the engine refused the exec stream: " + head.lines().findFirst().orElse(head));
            }
            AtomicReference<IOException> feedFailure = new AtomicReference<>();
            Thread feeder = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try {
                    for (int n; (n = stdin.read(buffer)) >= 0; ) {
                        writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
                    }
                    channel.shutdownOutput(); // EOF for the command's stdin
                } catch (IOException e) {
                    // the command may end before reading all of it (pg_restore -l): its exit code tells
                    feedFailure.set(e);
                }
            }, "ripcord-exec-stdin");
            feeder.setDaemon(true);
            feeder.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            readFrames(channel, in, sink, deadline);
            // the command ended; a feeder still waiting on a live input (a session's pipe) ends when that input closes
            feeder.join(1000);
        }
    }

    private static String readHead(SocketChannel channel, ByteBuffer in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("the engine closed the connection before answering");
            }
            in.flip();
            while (in.hasRemaining()) {
                head.append((char) in.get());
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    in.compact();
                    return head.toString();
                }
            }
            in.clear();
        }
    }

    private static void readFrames(SocketChannel channel, ByteBuffer in, Sink sink, long deadline) throws IOException {
        in.flip();
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new IOException("it ran past its time limit and its stream was closed");
            }
            if (in.remaining() < 8 && !fill(channel, in)) {
                return; // end of stream: the command ended
            }
            if (in.remaining() < 8) {
                continue;
            }
            in.mark();
            int stream = in.get();
            in.position(in.position() + 3);
            int length = in.getInt();
            byte[] payload = new byte[length];
            int got = 0;
            while (got < length) {
                int n = Math.min(in.remaining(), length - got);
                in.get(payload, got, n);
                got += n;
                if (got < length && !fill(channel, in)) {
                    throw new IOException("the exec stream ended inside a frame");
                }
            }
            sink.accept(stream, payload);
        }
    }

    /** Reads more into {@code in} (kept in read mode); false at end of stream. */
    private static boolean fill(SocketChannel channel, ByteBuffer in) throws IOException {
        in.compact();
        int n = channel.read(in);
        in.flip();
        return n >= 0;
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        writeFully(channel, ByteBuffer.wrap(bytes));
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
