package io.ripcord.stdlib.notify;

import groovy.json.JsonOutput;
import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.units.Durations;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.PastCall;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code notify 'https://hooks.example/ops', message: 'rolled back'}: POSTs the run's summary as JSON (runbook, run,
 * step, message, the calls so far). A notification is not the procedure: unless {@code required: true}, a hook that
 * fails or does not answer in time is a warning, not a failed step.
 */
public final class NotifyVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("notify")
            .summary("POST the run's summary as JSON to a webhook (chat, paging); a failing hook only warns unless required: true.")
            .positional("url").required("url", ArgType.STRING, "the webhook URL (http or https)")
            .optional("message", ArgType.STRING, null, "what to say")
            .optional("timeout", ArgType.DURATION, "10.seconds", "how long the hook may take to answer")
            .optional("required", ArgType.BOOLEAN, "false", "fail the step when the hook fails")
            .optional("headers", ArgType.MAP, null, "extra request headers (an Authorization token from secret(...))")
            .returns(Notified.class, "the hook's answer: status, sent (false when it failed and was not required)")
            .example("notify secret('OPS_HOOK'), message: 'workload-app rolled back to the previous image'").build();

    /** What the hook answered. */
    public record Notified(int status, boolean sent, String error) {
    }

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        PlannedAction action = PlannedAction.of(ActionKind.RUN, "POST the run summary to " + host(call.string("url", "")));
        return call.has("message") ? action.detail("message", call.string("message", "")) : action;
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws Exception {
        String url = call.string("url", "");
        Duration timeout = call.duration("timeout", Duration.ofSeconds(10));
        boolean required = call.flag("required", false);
        String body = context.redact(JsonOutput.toJson(summary(call, context))); // a secret in the message stays here
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        } catch (IllegalArgumentException e) {
            throw new VerbFailure("'" + url + "' is not a webhook URL: " + e.getMessage(), "give an http:// or https:// URL");
        }
        call.map("headers").forEach((k, v) -> request.header(k, String.valueOf(v)));
        String error;
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(timeout).build()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .get(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 == 2) {
                context.output().info("notified " + host(url) + " (HTTP " + response.statusCode() + ")");
                return new Notified(response.statusCode(), true, null);
            }
            error = "HTTP " + response.statusCode();
        } catch (java.util.concurrent.TimeoutException e) {
            error = "no answer within " + Durations.format(timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = cause instanceof java.net.ConnectException ? "connection refused"
                    : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
        if (required) {
            throw new VerbFailure("the webhook at " + host(url) + " failed: " + error, "check the hook's URL and service; the run continues with resume");
        }
        context.output().warn("the webhook at " + host(url) + " failed (" + error + "); going on, it is not required");
        return new Notified(0, false, error);
    }

    static Map<String, Object> summary(VerbCall call, VerbContext context) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runbook", context.run().runbook());
        m.put("version", context.run().version());
        m.put("run", context.run().runId());
        m.put("step", context.step());
        m.put("message", call.string("message", null));
        m.put("at", Instant.now().toString());
        List<Map<String, Object>> calls = new java.util.ArrayList<>();
        for (PastCall past : context.history()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("step", past.step());
            c.put("verb", past.verb());
            calls.add(c);
        }
        m.put("calls", calls);
        return m;
    }

    /** Where it goes, without the path: webhook URLs often carry their token in the path. */
    static String host(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }
}
