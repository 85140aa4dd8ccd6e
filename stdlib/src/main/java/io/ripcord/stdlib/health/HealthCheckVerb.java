package io.ripcord.stdlib.health;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.retry.Retry;
import io.ripcord.units.Counts;
import io.ripcord.units.Durations;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.HealthGate;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code healthCheck http(url), retries: 3, interval: 10.seconds}: probes until healthy or out of retries; every
 * attempt (outcome, latency, what was seen) goes into the result, or into the failure's journal entry. Healthy means
 * {@code successes} good attempts in a row, each within {@code maxLatency} when given.
 */
public final class HealthCheckVerb implements Verb, HealthGate {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final VerbSpec SPEC = VerbSpec.named("healthCheck")
            .summary("Probe a service until it is healthy: http, tcp, command, container, compose project, disk, postgres, sqlite; fails the step when it is not.")
            .positional("target").required("target", ArgType.ANY, "what to probe: http(url), tcp(host, port), command(cmd), container(name), compose(project) (every service), disk(path), postgres(...), sqlite(path)")
            .optional("timeout", ArgType.DURATION, "5.seconds", "how long one attempt may take before it counts as failed")
            .optional("retries", ArgType.INTEGER, "0", "how many more attempts after a failed one")
            .optional("interval", ArgType.DURATION, "2.seconds", "the wait between attempts")
            .optional("backoff", ArgType.ANY, "1", "multiply the wait by this after each failed attempt (2: 2s, 4s, 8s...)")
            .optional("startPeriod", ArgType.DURATION, "0.seconds", "failures in this time after the first attempt do not count (a service starting up)")
            .optional("successes", ArgType.INTEGER, "1", "good attempts in a row needed")
            .optional("maxLatency", ArgType.DURATION, null, "an attempt slower than this counts as failed")
            .optional("status", ArgType.ANY, "200..299", "http: accepted status codes (a code, a range or a list)")
            .optional("body", ArgType.STRING, null, "http: text the response body must contain")
            .optional("json", ArgType.MAP, null, "http: fields of the JSON body and their expected values ([status: 'pass', 'checks.db': 'ok'])")
            .optional("query", ArgType.STRING, "SELECT 1", "postgres, sqlite: the query that must succeed")
            .optional("expect", ArgType.ANY, "a value", "postgres, sqlite: the query's first value, or a closure that must be true of it")
            .returns(HealthReport.class, "the report: healthy, attempts (ok, latencyMillis, detail each), elapsed")
            .example("healthCheck http('http://127.0.0.1:8080/health'), retries: 5, interval: 2.seconds, json: [status: 'pass']")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    /** What the check found: healthy or not, and every attempt. */
    public record HealthReport(String target, boolean healthy, List<Retry.Attempt> attempts, long elapsedMillis) {
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        if (call.value("target") instanceof io.ripcord.plan.Deferred later) {
            return PlannedAction.of(ActionKind.CHECK, "probe " + later);
        }
        HealthProbe probe = probe(call);
        Retry retry = retry(call);
        PlannedAction action = PlannedAction.of(ActionKind.CHECK, "probe " + probe.describe())
                .detail("attempts", (1 + retry.retries()) + " (" + Durations.format(timeout(call)) + " each, "
                        + Durations.format(retry.interval()) + " apart" + (retry.backoff() > 1 ? ", ×" + trim(retry.backoff()) + " backoff" : "") + ")");
        if (!retry.startPeriod().isZero()) {
            action = action.detail("start period", Durations.format(retry.startPeriod()));
        }
        if (retry.successes() > 1) {
            action = action.detail("healthy after", retry.successes() + " good attempts in a row");
        }
        List<String> expect = expectations(call);
        if (!expect.isEmpty()) {
            action = action.detail("expect", String.join(", ", expect));
        }
        String now = probe.observeForPlan(context);
        return now == null ? action : action.detail("now", now);
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws Exception {
        HealthProbe probe = probe(call);
        Retry retry = retry(call);
        Duration timeout = timeout(call);
        Duration maxLatency = call.duration("maxLatency", null);
        int total = 1 + retry.retries();
        Retry.Outcome outcome = retry.run(() -> {
            long t0 = System.nanoTime();
            Retry.Observation seen = probe.check(call, timeout, context);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (seen.ok() && maxLatency != null && took.compareTo(maxLatency) > 0) {
                return Retry.Observation.failed(seen.detail() + ", but took " + took.toMillis() + " ms (at most " + Durations.format(maxLatency) + ")");
            }
            return seen;
        }, attempt -> context.output().info((attempt.ok() ? "healthy" : "unhealthy") + " (attempt " + attempt.number()
                + (attempt.number() <= total ? " of " + total : "") + ", " + attempt.latencyMillis() + " ms): " + attempt.detail()));
        HealthReport report = new HealthReport(probe.describe(), outcome.ok(), outcome.attempts(), outcome.elapsed().toMillis());
        if (!outcome.ok()) {
            throw new VerbFailure(probe.describe() + " is unhealthy after " + Counts.of(outcome.attempts().size(), "attempt") + " in " + Durations.format(outcome.elapsed()) + ": " + outcome.last().detail(),
                    "check the service's logs; the journal has every attempt (ripcord show RUN --format json)", journalForm(report));
        }
        return report;
    }

    @Override
    public Object journal(Object result) {
        return journalForm((HealthReport) result);
    }

    private static Map<String, Object> journalForm(HealthReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", report.target());
        m.put("healthy", report.healthy());
        m.put("elapsedMillis", report.elapsedMillis());
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (Retry.Attempt a : report.attempts()) {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("n", a.number());
            attempt.put("ok", a.ok());
            attempt.put("latencyMillis", a.latencyMillis());
            attempt.put("detail", a.detail());
            attempt.put("atMillis", a.atMillis());
            attempts.add(attempt);
        }
        m.put("attempts", attempts);
        return m;
    }

    /** The options that belong to one kind of probe. */
    private static final List<String> PROBE_OPTIONS = List.of("status", "body", "json", "query", "expect");

    private static HealthProbe probe(VerbCall call) {
        Object target = call.value("target");
        if (target instanceof HealthProbe probe) {
            return refuseUnread(call, probe);
        }
        if (target instanceof io.ripcord.stdlib.backup.BackupTarget.Sqlite db) {
            return refuseUnread(call, new SqliteProbe(db.path()));
        }
        throw new io.ripcord.problem.RunbookException(io.ripcord.problem.Problem.of(io.ripcord.problem.ProblemCode.INVALID_ARGUMENT,
                "healthCheck cannot probe " + io.ripcord.units.Values.format(target), call.location())
                .withNext("give it http(url), tcp(host, port), command(cmd), container(name), compose(project), disk(path), postgres(...) or sqlite(path)"));
    }

    /** Options of one kind of probe (status:, query:, ...) given to another are refused: ignored, they would check nothing. */
    private static HealthProbe refuseUnread(VerbCall call, HealthProbe probe) {
        List<String> unread = PROBE_OPTIONS.stream().filter(call::has).filter(o -> !probe.reads().contains(o)).toList();
        if (unread.isEmpty()) {
            return probe;
        }
        String names = String.join(", ", unread.stream().map(o -> o + ":").toList());
        throw new io.ripcord.problem.RunbookException(io.ripcord.problem.Problem.of(io.ripcord.problem.ProblemCode.INVALID_ARGUMENT,
                "healthCheck: " + names + (unread.size() == 1 ? " is" : " are") + " not read by a probe of " + probe.describe()
                        + ": it would check nothing", call.location())
                .withNext(probe.reads().isEmpty() ? "drop " + names + " (status:, body:, json: are for http(url); query:, expect: for postgres(...) and sqlite(path))"
                        : "drop " + names + "; this probe reads " + String.join(", ", probe.reads().stream().sorted().map(o -> o + ":").toList())));
    }

    static Retry retry(VerbCall call) {
        Object backoff = call.value("backoff");
        double factor = backoff == null ? 1.0 : backoff instanceof Number n ? n.doubleValue() : Double.NaN;
        try {
            return new Retry((int) call.integer("retries", 0), call.duration("interval", DEFAULT_INTERVAL), factor,
                    call.duration("startPeriod", Duration.ZERO), (int) call.integer("successes", 1));
        } catch (IllegalArgumentException e) {
            throw new io.ripcord.problem.RunbookException(io.ripcord.problem.Problem.of(io.ripcord.problem.ProblemCode.INVALID_ARGUMENT,
                    "healthCheck: " + (Double.isNaN(factor) ? "backoff is a number like 2, got " + backoff : e.getMessage()), call.location())
                    .withNext("see `ripcord help healthCheck`"));
        }
    }

    private static Duration timeout(VerbCall call) {
        return call.duration("timeout", DEFAULT_TIMEOUT);
    }

    private static List<String> expectations(VerbCall call) {
        List<String> out = new ArrayList<>();
        if (call.has("status")) {
            out.add("status " + call.value("status"));
        }
        if (call.has("body")) {
            out.add("body contains '" + call.string("body", "") + "'");
        }
        call.map("json").forEach((k, v) -> out.add(k + " = '" + v + "'"));
        if (call.has("query")) {
            out.add("query " + call.string("query", ""));
        }
        if (call.has("maxLatency")) {
            out.add("latency ≤ " + Durations.format(call.duration("maxLatency", null)));
        }
        return out;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
