package io.ripcord.stdlib.health;

import groovy.json.JsonSlurper;
import groovy.lang.IntRange;
import io.ripcord.stdlib.retry.Retry;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code http('http://127.0.0.1:8080/health')}: a GET whose status is in {@code status:} (2xx unless given), whose body
 * contains {@code body:} and whose JSON has the {@code json:} fields. The whole exchange, body included, is bounded by
 * the attempt's timeout: a server that accepts and never answers fails the attempt, it does not hang the run.
 */
public record HttpProbe(URI url) implements HealthProbe {

    /** One client for every probe: each would start its own selector thread; attempts are bounded by their own timeout. */
    private static final class Shared {
        static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    /** Enough of a body for the assertions; a health endpoint that sends more is not read further. */
    private static final int BODY_LIMIT = 256 * 1024;

    /** The URL without credentials or query (user:password@, ?token=): this text goes to the console and the journal. */
    @Override
    public java.util.Set<String> reads() {
        return java.util.Set.of("status", "body", "json");
    }

    @Override
    public String describe() {
        String shown = url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + (url.getRawPath() == null ? "" : url.getRawPath());
        return "GET " + shown + (url.getRawQuery() == null ? "" : "?…");
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        HttpClient client = Shared.CLIENT;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/health+json, application/json, */*").GET().build();
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, info -> HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofInputStream(), HttpProbe::readLimited));
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Retry.Observation.failed("no answer within " + io.ripcord.units.Durations.format(timeout));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return Retry.Observation.failed("no answer within " + io.ripcord.units.Durations.format(timeout));
            }
            if (cause instanceof java.net.ConnectException) {
                return Retry.Observation.failed("connection refused");
            }
            return Retry.Observation.failed(Retry.describe(cause));
        }
        return judge(call, response.statusCode(), response.body());
    }

    static Retry.Observation judge(VerbCall call, int status, String body) {
        String seen = "HTTP " + status;
        if (!statusAccepted(call.value("status"), status)) {
            return Retry.Observation.failed(seen + " (expected " + expectedStatus(call.value("status")) + ")" + excerpt(body));
        }
        String text = call.string("body", null);
        if (text != null && (body == null || !body.contains(text))) {
            return Retry.Observation.failed(seen + ", but the body does not contain '" + text + "'" + excerpt(body));
        }
        Map<String, Object> fields = call.map("json");
        if (fields != null && !fields.isEmpty()) {
            Object json;
            try {
                json = new JsonSlurper().parseText(body == null || body.isBlank() ? "null" : body);
            } catch (RuntimeException e) {
                return Retry.Observation.failed(seen + ", but the body is not JSON" + excerpt(body));
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                Object actual = at(json, field.getKey());
                if (!same(actual, field.getValue())) {
                    return Retry.Observation.failed(seen + ", but " + field.getKey() + " is " + (actual == null ? "missing" : "'" + actual + "'")
                            + " (expected '" + field.getValue() + "')");
                }
            }
        }
        return Retry.Observation.ok(seen);
    }

    private static String readLimited(InputStream in) {
        try (in) {
            return new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean statusAccepted(Object expected, int status) {
        if (expected == null) {
            return status >= 200 && status < 300;
        }
        if (expected instanceof IntRange range) {
            return range.containsWithinBounds(status);
        }
        if (expected instanceof Collection<?> list) {
            return list.stream().anyMatch(e -> statusAccepted(e, status));
        }
        if (expected instanceof Number n) {
            return n.intValue() == status;
        }
        throw new IllegalArgumentException("status: expects a code (200), a range (200..299) or a list of them, got " + expected);
    }

    private static String expectedStatus(Object expected) {
        if (expected == null) {
            return "2xx";
        }
        return expected instanceof IntRange r ? r.getFrom() + "–" + r.getTo() : String.valueOf(expected);
    }

    /** {@code checks.db.status} in parsed JSON; list items by index ({@code items.0}). */
    static Object at(Object json, String path) {
        Object here = json;
        for (String part : path.split("\\.")) {
            if (here instanceof Map<?, ?> m) {
                here = m.get(part);
            } else if (here instanceof java.util.List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) {
                here = l.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return here;
    }

    private static boolean same(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number e) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(e.toString())) == 0;
        }
        return actual != null && String.valueOf(actual).equals(String.valueOf(expected));
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().lines().findFirst().orElse("");
        return ": " + (line.length() > 120 ? line.substring(0, 120) + "…" : line);
    }
}
