package io.ripcord.stdlib.health;

import io.ripcord.stdlib.retry.Retry;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** {@code tcp('127.0.0.1', 5432)}: healthy when a connection is accepted within the attempt's timeout. */
public record TcpProbe(String host, int port) implements HealthProbe {

    @Override
    public String describe() {
        return "tcp " + host + ":" + port;
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        long start = System.nanoTime();
        java.net.InetAddress address;
        try {
            address = io.ripcord.stdlib.retry.Bounded.within(timeout, () -> java.net.InetAddress.getByName(host)); // DNS has no timeout of its own
        } catch (java.util.concurrent.TimeoutException e) {
            return Retry.Observation.failed("the name '" + host + "' did not resolve within " + io.ripcord.units.Durations.format(timeout));
        } catch (java.net.UnknownHostException e) {
            return Retry.Observation.failed("unknown host '" + host + "'");
        }
        long left = timeout.toMillis() - (System.nanoTime() - start) / 1_000_000;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, left));
            return Retry.Observation.ok("connected");
        } catch (java.net.SocketTimeoutException e) {
            return Retry.Observation.failed("no connection within " + io.ripcord.units.Durations.format(timeout));
        } catch (java.net.ConnectException e) {
            return Retry.Observation.failed("connection refused");
        } catch (java.net.UnknownHostException e) {
            return Retry.Observation.failed("unknown host '" + host + "'");
        }
    }
}
