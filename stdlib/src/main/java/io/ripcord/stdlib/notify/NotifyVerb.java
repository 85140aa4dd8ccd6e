package io.ripcord.stdlib.notify;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
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
 * {@code notify 'https://hooks.example/ops', format: 'slack', message: 'rolled back'}: POSTs the run's summary in the
 * body the hook expects ({@link NotifyFormat}: Ripcord's JSON with runbook, run, step, message and the calls so far, or
 * one line of text for a chat). A hook answering other than 2xx did not take it, and its warning quotes the answer. A notification is not the procedure: unless {@code required: true}, a hook that
 * fails or does not answer in time is a warning, not a failed step.
 */
public final class NotifyVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("notify")
            .summary("POST the run's summary to a webhook (Slack, Mattermost, Discord, ntfy or JSON); a failing hook only warns unless required: true.")
            .positional("url").required("url", ArgType.STRING, "the webhook URL (http or https)")
            .optional("message", ArgType.STRING, null, "what to say")
            .optional("format", ArgType.STRING, "'json'", "the body the hook expects: " + String.join(", ", NotifyFormat.names())
                    + " (json: the run's summary; the others: one line of text)")
            .optional("timeout", ArgType.DURATION, "10.seconds", "how long the hook may take to answer")
            .optional("required", ArgType.BOOLEAN, "false", "fail the step when the hook fails")
            .optional("headers", ArgType.MAP, null, "extra request headers (an Authorization token from secret(...))")
            .returns(Notified.class, "the hook's answer: status, sent (false when it failed and was not required)")
            .example("notify secret('OPS_HOOK'), format: 'slack', message: 'workload-app rolled back to the previous image'").build();

    /** How much of a refusing hook's answer a warning quotes. */
    private static final int ANSWER_QUOTED = 200;

    /** What the hook answered. */
    public record Notified(int status, boolean sent, String error) {
    }

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        PlannedAction action = PlannedAction.of(ActionKind.RUN, "POST the run summary (" + name(format(call)) + ") to "
                + host(call.string("url", "")));
        return call.has("message") ? action.detail("message", call.string("message", "")) : action;
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws Exception {
        String url = call.string("url", "");
        Duration timeout = call.duration("timeout", Duration.ofSeconds(10));
        boolean required = call.flag("required", false);
        NotifyFormat format = format(call);
        Map<String, Object> summary = summary(call, context);
        // the text masked before a format shortens it (a cut must not leave half a secret), the body as it goes on the wire
        String body = context.redact(format.body(summary, context.redact(NotifyFormat.text(summary))));
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Content-Type", format.contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            format.headers(summary, context::redact).forEach(request::header);
        } catch (IllegalArgumentException e) {
            throw new VerbFailure("'" + url + "' is not a webhook URL: " + e.getMessage(), "give an http:// or https:// URL");
        }
        call.map("headers").forEach((k, v) -> request.header(k, String.valueOf(v)));
        String error;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(timeout).build()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .get(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (response.statusCode() / 100 == 2) {
                context.output().info("notified " + host(url) + " (HTTP " + response.statusCode() + ")");
                return new Notified(response.statusCode(), true, null);
            }
            error = "HTTP " + response.statusCode() + answered(response.body(), context); // what it said, to fix the call
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

    private static NotifyFormat format(VerbCall call) {
        String name = call.string("format", "json");
        NotifyFormat format = NotifyFormat.named(name);
        if (format == null) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "notify argument 'format' must be one of "
                    + NotifyFormat.names() + ", got '" + name + "'", call.location())
                    .withNext("slack and mattermost read text, discord content, ntfy a plain body; json is the run's summary"));
        }
        return format;
    }

    private static String name(NotifyFormat format) {
        return format.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The first line of a refusing hook's answer, short and masked: ": no_text" or "" when it said nothing. */
    private static String answered(String body, VerbContext context) {
        String line = body == null ? "" : body.strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return "";
        }
        return ": " + context.redact(line.length() > ANSWER_QUOTED ? line.substring(0, ANSWER_QUOTED) + "…" : line);
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
