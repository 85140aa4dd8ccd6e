package io.ripcord.report;

import groovy.json.JsonOutput;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.units.ByteSize;
import io.ripcord.units.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run as a page a person opens from a mail or a ticket: a single HTML file, its CSS inline, no script and no
 * external asset, so it reads the same offline and years later. Built from the run's JSON document (see
 * {@link RunReport#document()}) so the page and {@code show --json} cannot disagree. Every text from the journal is
 * escaped here, in {@link #esc}, the one place this page writes journal text; secrets are already masked there.
 */
final class RunPage {

    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
            h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;width:100%}td,th{padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}tr+tr td{border-top:1px solid #eee}code{font:12px ui-monospace,monospace;word-break:break-all}
            .state{display:inline-block;padding:0 .5em;border-radius:3px;font-weight:600;color:#fff;background:#777}
            .COMPLETED,.SUCCEEDED,.DONE{background:#2a7d2a}.FAILED,.ROLLBACK_FAILED,.INTERRUPTED{background:#b02a2a}
            .ROLLED_BACK,.SKIPPED,.REPLAYED{background:#b07a10}.RUNNING{background:#2a5db0}
            .step{border-left:4px solid #ccc;padding:.2em 0 .2em .8em;margin:1em 0}.step h3{margin:.2em 0;font-size:1.05em}
            .verb{word-break:normal;white-space:nowrap}.err{color:#b02a2a;white-space:pre-wrap}.muted{color:#777}
            """;

    private final Map<String, Object> doc;
    private final List<CatalogEntry> artifacts;
    /** The rollback's RTO and RPO as every report words them (see RunReport#rto), or null. */
    private final String rto;
    private final String rpo;
    private final StringBuilder out = new StringBuilder();

    RunPage(Map<String, Object> doc, List<CatalogEntry> artifacts, String rto, String rpo) {
        this.doc = doc;
        this.artifacts = artifacts;
        this.rto = rto;
        this.rpo = rpo;
    }

    String render() {
        String title = "interactive".equals(doc.get("kind")) ? "interactive session" : doc.get("runbook") + "@" + doc.get("version");
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Ripcord run ")
                .append(esc(doc.get("id"))).append(": ").append(esc(title)).append("</title>\n<style>").append(CSS)
                .append("</style></head>\n<body>\n<h1>").append(esc(title)).append(' ').append(state(doc.get("state"))).append("</h1>\n");
        header();
        timeline();
        rollback();
        artifactList();
        approvals();
        events();
        out.append("<p class=\"muted\">ripcord show ").append(esc(doc.get("id"))).append(" --format html (")
                .append(esc(doc.get("format"))).append(")</p>\n</body></html>\n");
        return out.toString();
    }

    private void header() {
        out.append("<table id=\"run\">\n");
        row("run", esc(doc.get("id")));
        row("state", esc(doc.get("state")));
        row("exit code", doc.get("exitCode") == null ? "—" : esc(doc.get("exitCode")));
        row("by", esc(doc.get("user") + "@" + doc.get("host")));
        row("started", esc(time(doc.get("startedAt"))));
        row("finished", esc(time(doc.get("finishedAt"))));
        row("duration", esc(millis(doc.get("durationMs"))));
        if (doc.get("file") != null) {
            row("file", "<code>" + esc(doc.get("file")) + "</code> (sha256 <code>" + esc(doc.get("sha256")) + "</code>)");
        }
        if (doc.get("params") instanceof Map<?, ?> params && !params.isEmpty()) {
            row("params", "<code>" + esc(JsonOutput.toJson(params)) + "</code>");
        }
        if (doc.get("error") != null) {
            row("error", "<span class=\"err\">" + (doc.get("errorCode") == null ? "" : "[" + esc(doc.get("errorCode")) + "] ")
                    + esc(doc.get("error")) + "</span>");
        }
        out.append("</table>\n");
    }

    @SuppressWarnings("unchecked")
    private void timeline() {
        out.append("<h2>Timeline</h2>\n");
        for (Map<String, Object> step : (List<Map<String, Object>>) doc.get("steps")) {
            out.append("<div class=\"step\"><h3>").append(esc(step.get("index"))).append(". ").append(esc(step.get("name")))
                    .append(' ').append(state(step.get("state"))).append(" <span class=\"muted\">")
                    .append(esc(time(step.get("startedAt")))).append(", ").append(esc(millis(step.get("durationMs"))))
                    .append("</span></h3>\n");
            List<Map<String, Object>> calls = (List<Map<String, Object>>) step.get("calls");
            if (!calls.isEmpty()) {
                out.append("<table><tr><th>#</th><th>verb</th><th>what</th><th>outcome</th><th>took</th><th>line</th></tr>\n");
                for (Map<String, Object> call : calls) {
                    out.append("<tr><td>").append(esc(call.get("ordinal"))).append("</td><td><code class=\"verb\">").append(esc(call.get("verb")))
                            .append("</code></td><td><code>").append(esc(JsonOutput.toJson(call.get("args")))).append("</code>");
                    List<Map<String, Object>> stages = (List<Map<String, Object>>) call.get("stages");
                    if (stages != null && !stages.isEmpty()) {
                        out.append("<br><span class=\"muted\">stages: ").append(esc(String.join(", ", stages.stream()
                                .map(s -> s.get("name") + " " + s.get("outcome") + " " + s.get("durationMs") + "ms").toList()))).append("</span>");
                    }
                    if (call.get("error") != null) {
                        out.append("<div class=\"err\">").append(esc(call.get("error"))).append("</div>");
                    }
                    out.append("</td><td>").append(state(call.get("state"))).append("</td><td>").append(esc(millis(call.get("elapsedMs"))))
                            .append("</td><td>").append(esc(call.get("line"))).append("</td></tr>\n");
                }
                out.append("</table>\n");
            }
            if (step.get("error") != null && calls.stream().noneMatch(c -> c.get("error") != null)) {
                out.append("<div class=\"err\">").append(esc(step.get("error"))).append("</div>\n");
            }
            out.append("</div>\n");
        }
    }

    @SuppressWarnings("unchecked")
    private void rollback() {
        Map<String, Object> rb = (Map<String, Object>) doc.get("rollback");
        if (rb == null) {
            return;
        }
        boolean ok = Boolean.TRUE.equals(rb.get("succeeded"));
        out.append("<h2>Rollback</h2>\n<p id=\"rollback\">After step '").append(esc(rb.get("failedStep"))).append("' failed (rollbackIf at line ")
                .append(esc(rb.get("conditionLine"))).append("): <strong>")
                .append(ok ? (Boolean.TRUE.equals(rb.get("verified")) ? "done and verified" : "done, not verified by a health check")
                        : "FAILED — MANUAL INTERVENTION REQUIRED").append("</strong></p>\n<table>\n");
        if (rto != null) {
            row("RTO", esc(rto));
        }
        if (rpo != null) {
            row("RPO", esc(rpo));
        }
        for (Map<String, Object> part : (List<Map<String, Object>>) rb.get("parts")) {
            row(RunReport.partStatus(part), esc(part.get("what")) + (part.get("detail") == null ? "" : ": " + esc(part.get("detail"))));
        }
        out.append("</table>\n");
        List<Map<String, Object>> copies = (List<Map<String, Object>>) doc.get("safetyCopies");
        if (copies != null && !copies.isEmpty()) {
            out.append("<h2>Safety copies</h2>\n<p class=\"muted\">The state each restore replaced; not backups.</p>\n<table>\n");
            for (Map<String, Object> copy : copies) {
                row(String.valueOf(copy.get("source")), "<code>" + esc(copy.get("path")) + "</code><br>put it back: <code>"
                        + esc(copy.get("putBack") == null ? "restore lastBackup(..., safety: true)" : copy.get("putBack")) + "</code>");
            }
            out.append("</table>\n");
        }
    }

    private void artifactList() {
        if (artifacts.isEmpty()) {
            return;
        }
        out.append("<h2>Artifacts</h2>\n<table id=\"artifacts\"><tr><th>backup</th><th>of</th><th>step</th><th>size</th><th>SHA-256</th><th>verified</th></tr>\n");
        for (CatalogEntry e : artifacts) {
            String verified = e.verification() == null ? "never" : (e.verification().passed() ? "passed " : "FAILED ")
                    + RunReport.time(e.verification().at());
            out.append("<tr><td><code>").append(esc(e.path())).append("</code></td><td>").append(esc(e.source())).append("</td><td>")
                    .append(esc(e.step())).append("</td><td>").append(esc(new ByteSize(e.size()))).append(" (").append(e.size())
                    .append(" bytes)</td><td><code>").append(esc(e.sha256())).append("</code></td><td>").append(esc(verified)).append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    @SuppressWarnings("unchecked")
    private void approvals() {
        StringBuilder rows = new StringBuilder();
        for (Map<String, Object> step : (List<Map<String, Object>>) doc.get("steps")) {
            for (Map<String, Object> call : (List<Map<String, Object>>) step.get("calls")) {
                if ("confirm".equals(call.get("verb"))) {
                    Object answer = call.get("result") instanceof Map<?, ?> r ? (Boolean.TRUE.equals(r.get("approved")) ? "approved" : "refused")
                            + " (" + r.get("how") + ")" : call.get("error") != null ? call.get("error") : call.get("state");
                    Object question = call.get("args") instanceof Map<?, ?> a ? a.get("question") : call.get("args");
                    rows.append("<tr><td>").append(esc(step.get("name"))).append("</td><td>").append(esc(question))
                            .append("</td><td>").append(esc(answer)).append("</td></tr>\n");
                }
            }
        }
        if (!rows.isEmpty()) {
            out.append("<h2>Approvals</h2>\n<table id=\"approvals\"><tr><th>step</th><th>asked</th><th>answer</th></tr>\n").append(rows).append("</table>\n");
        }
    }

    @SuppressWarnings("unchecked")
    private void events() {
        List<String> events = (List<String>) doc.get("events");
        if (events == null || events.isEmpty()) {
            return;
        }
        out.append("<h2>Events</h2>\n<ul>\n");
        events.forEach(e -> out.append("<li><code>").append(esc(e)).append("</code></li>\n"));
        out.append("</ul>\n");
    }

    private void row(String label, String html) {
        out.append("<tr><th>").append(esc(label)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static String state(Object state) {
        return "<span class=\"state " + esc(state) + "\">" + esc(state) + "</span>";
    }

    private static String time(Object iso) {
        return iso == null ? "—" : RunReport.time(Instant.parse(String.valueOf(iso)));
    }

    private static String millis(Object ms) {
        return ms == null ? "—" : Durations.format(Duration.ofMillis(((Number) ms).longValue()));
    }

    /** Text as HTML: the five characters that could open markup or end an attribute, escaped. */
    static String esc(Object text) {
        String s = String.valueOf(text);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
