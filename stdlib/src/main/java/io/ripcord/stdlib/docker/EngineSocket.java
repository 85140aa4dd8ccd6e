package io.ripcord.stdlib.docker;

import groovy.json.JsonSlurper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Docker Engine's API spoken over its socket directly, where docker-java's client is the slower part: a GET
 * answered with JSON (a restore's guard lists the running containers: docker-java took about 0.5 s to start for that
 * one request, this takes milliseconds), and the connection {@link ExecStdin} streams over. HTTP/1.0, so the engine
 * sends the whole body and closes; unix sockets and plain tcp:// engines, a TLS engine is refused by name.
 */
public final class EngineSocket {

    /** More than any container listing: an answer past it is not the engine's. */
    private static final int MAX_ANSWER = 64 << 20;

    private EngineSocket() {
    }

    /** The parsed JSON body of {@code GET path}; an answer other than 200 is an IOException with the engine's message. */
    public static Object getJson(DockerEndpoint endpoint, String path, Duration timeout) throws IOException {
        byte[] answer;
        try (SocketChannel channel = open(endpoint)) {
            Thread watchdog = closeAfter(channel, timeout);
            try {
                String request = "GET " + path + " HTTP/1.0\r\nHost: docker\r\nAccept: application/json\r\n\r\n";
                ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                answer = readAll(channel);
            } catch (java.nio.channels.ClosedByInterruptException e) {
                // the run was stopped: the thread stays interrupted, and this is no verdict on the engine
                throw new java.io.InterruptedIOException("interrupted while asking the Docker Engine at " + endpoint);
            } catch (java.nio.channels.AsynchronousCloseException e) {
                throw new IOException("the Docker Engine at " + endpoint + " did not answer in " + timeout.toSeconds() + " s");
            } finally {
                watchdog.interrupt();
            }
        }
        int split = indexOf(answer, HEAD_END, 0);
        if (split < 0) {
            throw new IOException("the Docker Engine at " + endpoint + " sent no HTTP answer");
        }
        String head = new String(answer, 0, split, StandardCharsets.ISO_8859_1);
        byte[] body = java.util.Arrays.copyOfRange(answer, split + HEAD_END.length, answer.length);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("\ntransfer-encoding: chunked")) {
            body = unchunk(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String status = head.lines().findFirst().orElse("");
        if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
            Object said = text.isBlank() ? null : parseQuietly(text);
            String message = said instanceof java.util.Map<?, ?> m && m.get("message") != null ? String.valueOf(m.get("message")) : text.strip();
            throw new IOException("the Docker Engine answered " + status.replaceFirst("^HTTP/1\\.[01] ", "") + (message.isEmpty() ? "" : ": " + message));
        }
        try {
            return new JsonSlurper().parseText(text);
        } catch (RuntimeException e) {
            throw new IOException("the Docker Engine at " + endpoint + " sent JSON that does not parse: " + e.getMessage());
        }
    }

    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A connection to the engine: its unix socket, or a plain tcp:// address. */
    static SocketChannel open(DockerEndpoint endpoint) throws IOException {
        URI host = URI.create(endpoint.host());
        if ("unix".equals(host.getScheme())) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(host.getPath()));
            } catch (IOException e) {
                channel.close();
                throw new IOException("cannot connect to " + host.getPath() + ": " + e.getMessage(), e);
            }
            return channel;
        }
        if ("tcp".equals(host.getScheme()) && !endpoint.tlsVerify()) {
            return SocketChannel.open(new InetSocketAddress(host.getHost(), host.getPort()));
        }
        throw new IOException("speaking to the engine directly needs a unix:// or plain tcp:// engine, not " + endpoint);
    }

    /** Closes the channel when the time is up, which ends a blocked read; interrupted once the answer is in. */
    private static Thread closeAfter(SocketChannel channel, Duration timeout) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
                channel.close();
            } catch (InterruptedException | IOException e) {
                // answered in time (or already closed): nothing to end
            }
        }, "ripcord-engine-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (channel.read(in) >= 0) {
            in.flip();
            all.write(in.array(), 0, in.limit());
            in.clear();
            if (all.size() > MAX_ANSWER) {
                throw new IOException("the engine's answer is larger than " + (MAX_ANSWER >> 20) + " MB");
            }
        }
        return all.toByteArray();
    }

    /** A chunked body (an engine that answers HTTP/1.0 with HTTP/1.1 chunks anyway) put back together. */
    static byte[] unchunk(byte[] body) throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int line = indexOf(body, LINE_END, at);
            if (line < 0) {
                throw new IOException("the engine's chunked answer ends early");
            }
            int size;
            try {
                size = Integer.parseInt(new String(body, at, line - at, StandardCharsets.US_ASCII).replaceFirst(";.*", "").strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the engine's chunked answer is malformed");
            }
            if (size == 0) {
                return whole.toByteArray();
            }
            int start = line + LINE_END.length;
            if (size < 0 || body.length - start < size) {
                throw new IOException("the engine's chunked answer ends early");
            }
            whole.write(body, start, size);
            at = start + size + LINE_END.length;
        }
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Object parseQuietly(String body) {
        try {
            return new JsonSlurper().parseText(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
