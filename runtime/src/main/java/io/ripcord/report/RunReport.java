package io.ripcord.report;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.exec.RollbackSummary;
import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.exec.Runner;
import io.ripcord.journal.CallRecord;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.journal.StepRecord;
import io.ripcord.problem.ProblemCode;
import io.ripcord.units.Durations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's story from the journal: who ran which runbook version with which parameters, each step and verb call
 * with timings, outputs and errors, and events such as resumes and broken locks. Secrets are already references in
 * the journal, so nothing here can reveal one.
 */
public final class RunReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final int OUTPUT_LINES = 5;

    private final RunRecord run;
    private final List<StepRecord> steps;
    private final List<CallRecord> calls;
    private final List<String> events;
    /** Who owned the run, oldest first: who started it, then each resume or takeover (on a shared journal, from any host). */
    private final List<String> owners;
    /** The last rollback's journaled summary (see RollbackRun), or null. */
    private final Map<String, Object> rollback;
    /** The named stages of each call (restore's), by ordinal, in the order they ended; a resumed call lists every attempt's. */
    private final Map<Integer, List<Map<String, Object>>> stages = new LinkedHashMap<>();
    /** The safety copies this run's restores took, each with the command that puts it back. */
    private final List<Map<String, Object>> safetyCopies;
    /** The backups this run wrote (not its safety copies), oldest first. */
    private final List<CatalogEntry> artifacts = new ArrayList<>();

    @SuppressWarnings("unchecked")
    public RunReport(Journal journal, RunRecord run) {
        this.run = run;
        this.steps = journal.steps(run.id());
        this.calls = journal.calls(run.id());
        this.events = journal.events(run.id()).stream().filter(e -> !e.startsWith("rollback: ") && !e.startsWith(Runner.STAGE_EVENT + ": ")
                && !e.startsWith("owner: ")).toList();
        this.owners = journal.owners(run.id());
        for (String detail : journal.events(run.id(), Runner.STAGE_EVENT)) {
            Map<String, Object> event = (Map<String, Object>) new JsonSlurper().parseText(detail);
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("name", event.get("stage"));
            stage.put("outcome", event.get("outcome"));
            stage.put("durationMs", event.get("ms"));
            stages.computeIfAbsent(((Number) event.get("call")).intValue(), k -> new ArrayList<>()).add(stage);
        }
        List<String> rollbacks = journal.events(run.id(), "rollback");
        this.rollback = rollbacks.isEmpty() ? null : (Map<String, Object>) new JsonSlurper().parseText(rollbacks.get(rollbacks.size() - 1));
        this.safetyCopies = new ArrayList<>();
        List<CatalogEntry> oldestFirst = new ArrayList<>(journal.artifacts(null));
        java.util.Collections.reverse(oldestFirst);
        for (CatalogEntry e : oldestFirst) {
            if (!e.safetyCopy() && run.id().equals(e.runId())) {
                artifacts.add(e);
            }
            if (e.safetyCopy() && run.id().equals(e.runId())) {
                Object command = e.manifestJson() == null ? null : ((Map<?, ?>) new JsonSlurper().parseText(e.manifestJson())).get("restoreByHand");
                Map<String, Object> copy = new LinkedHashMap<>();
                copy.put("id", e.id());
                copy.put("source", e.source());
                copy.put("path", e.path());
                copy.put("step", e.step());
                copy.put("putBack", command == null ? null : String.valueOf(command));
                safetyCopies.add(copy);
            }
        }
    }

    private void safetyCopiesText(StringBuilder out, String bullet) {
        if (safetyCopies.isEmpty()) {
            return;
        }
        out.append("\nSafety copies (the state each restore replaced; not backups):\n");
        for (Map<String, Object> copy : safetyCopies) {
            out.append(bullet).append(copy.get("path")).append(" (step '").append(copy.get("step")).append("', of ").append(copy.get("source"))
                    .append(")\n").append(bullet).append("  put it back: ").append(copy.get("putBack") == null ? "restore lastBackup(..., safety: true)"
                            : copy.get("putBack")).append('\n');
        }
    }

    /** RTO and RPO as measured, or null: "RTO 4.2s (failure detected 10:00:01Z → rollback verified 10:00:05Z)". */
    public String rto() {
        Object millis = rollback == null ? null : rollback.get("rtoMillis");
        return millis == null ? null : Durations.format(Duration.ofMillis(((Number) millis).longValue()))
                + " (failure detected " + time(Instant.parse((String) rollback.get("failureDetected")))
                + " → " + (rollback.get("fixedBy") == null ? "rollback verified " : "level '" + rollback.get("fixedBy") + "' verified ")
                + time(Instant.parse((String) rollback.get("finished"))) + ")";
    }

    public String rpo() {
        Object millis = rollback == null ? null : rollback.get("rpoMillis");
        return millis == null ? null : Durations.format(Duration.ofMillis(((Number) millis).longValue()))
                + " (the restored backup was taken that long before the failure)";
    }

    @SuppressWarnings("unchecked")
    private void rollbackText(StringBuilder out, String bullet) {
        if (rollback == null) {
            return;
        }
        boolean ok = Boolean.TRUE.equals(rollback.get("succeeded"));
        out.append('\n').append("Rollback after step '").append(rollback.get("failedStep")).append("' failed (rollbackIf at line ")
                .append(rollback.get("conditionLine")).append("): ")
                .append(ok ? (Boolean.TRUE.equals(rollback.get("verified")) ? "done and verified" : "done, not verified by a health check")
                        : "FAILED — MANUAL INTERVENTION REQUIRED").append('\n');
        if (rto() != null) {
            out.append(bullet).append("RTO: ").append(rto()).append('\n');
        }
        if (rpo() != null) {
            out.append(bullet).append("RPO: ").append(rpo()).append('\n');
        }
        if (rollback.get("levels") instanceof List<?> levels) {
            ladderText(out, bullet, (List<Map<String, Object>>) levels);
            return;
        }
        for (Map<String, Object> part : (List<Map<String, Object>>) rollback.get("parts")) {
            out.append(bullet).append(partStatus(part)).append(": ").append(part.get("what"))
                    .append(part.get("detail") == null ? "" : ": " + part.get("detail")).append('\n');
        }
    }

    /** "level 2 'revert':" when a ladder's level begins with the call at {@code ordinal}, else null. */
    @SuppressWarnings("unchecked")
    private String levelStartingAt(int ordinal) {
        if (rollback == null || !(rollback.get("levels") instanceof List<?> levels)) {
            return null;
        }
        for (Map<String, Object> level : (List<Map<String, Object>>) levels) {
            if (level.get("firstCall") instanceof Number n && n.intValue() == ordinal) {
                return "level " + level.get("number") + " '" + level.get("name") + "':";
            }
        }
        return null;
    }

    /** A ladder's levels as tried: each one's outcome, time and start, what it did, its gate's last answer. */
    private void ladderText(StringBuilder out, String bullet, List<Map<String, Object>> levels) {
        Object fixedBy = rollback.get("fixedBy");
        out.append(bullet).append(fixedBy == null ? "no level brought the service back" : "fixed by level '" + fixedBy + "'")
                .append(" (").append(levels.size()).append(levels.size() == 1 ? " level" : " levels").append(" tried)\n");
        for (Map<String, Object> level : levels) {
            Object millis = level.get("millis");
            String outcome = RollbackSummary.LevelOutcome.valueOf(String.valueOf(level.get("outcome"))).said;
            out.append(bullet).append("level ").append(level.get("number")).append(" '").append(level.get("name")).append("': ")
                    .append(outcome).append(millis == null ? "" : ", took " + Durations.format(Duration.ofMillis(((Number) millis).longValue())))
                    .append(level.get("started") == null ? "" : ", from " + time(Instant.parse((String) level.get("started")))).append('\n');
            for (Object did : (List<?>) level.get("did")) {
                out.append(bullet).append("    did: ").append(did).append('\n');
            }
            out.append(bullet).append("    gate: ").append(level.get("gate")).append('\n');
        }
    }

    /** How a report names what became of one part of a rollback. */
    static String partStatus(Map<String, Object> part) {
        return switch (String.valueOf(part.get("status"))) {
            case "DONE" -> "restored";
            case "FAILED" -> "NOT restored";
            default -> "not attempted";
        };
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(run.id()).append(": ").append(title(run)).append("  ").append(run.stateLabel()).append('\n');
        if (run.file() != null) {
            out.append("  file:     ").append(run.file()).append(" (sha256 ").append(run.sha256(), 0, 12).append(")\n");
        }
        out.append("  by:       ").append(run.operator()).append('\n');
        if (owners.size() > 1) {
            out.append("  owners:   ").append(String.join("\n            ", owners)).append('\n');
        }
        out.append("  started:  ").append(time(run.startedAt())).append(run.finishedAt() == null ? ""
                : ", finished " + time(run.finishedAt()) + " (" + Durations.format(Duration.between(run.startedAt(), run.finishedAt())) + ")").append('\n');
        if (!run.params().isEmpty()) {
            out.append("  params:   ").append(run.params()).append('\n');
        }
        if (run.error() != null) {
            out.append("  error:    ").append(run.errorCode() == null ? "" : "[" + run.errorCode() + "] ").append(run.error()).append('\n');
        }
        for (StepRecord step : steps) {
            out.append('\n').append(step.index()).append(". ").append(step.name()).append("  ").append(step.state())
                    .append(step.finishedAt() == null ? "" : "  " + Durations.format(Duration.between(step.startedAt(), step.finishedAt())))
                    .append('\n');
            for (CallRecord call : callsOf(step.name())) {
                String level = levelStartingAt(call.ordinal());
                if (level != null && io.ripcord.model.RollbackDefinition.STEP.equals(step.name())) {
                    out.append("   ").append(level).append('\n');
                }
                out.append("   #").append(call.ordinal()).append(' ').append(call.verb()).append(' ').append(call.argsJson())
                        .append("  ").append(call.state()).append(call.elapsedMillis() == null ? "" : "  " + call.elapsedMillis() + "ms")
                        .append("  line ").append(call.line()).append('\n');
                stagesText(call).ifPresent(line -> out.append("      stages: ").append(line).append('\n'));
                output(call).forEach(line -> out.append("      | ").append(line).append('\n'));
                if (call.error() != null) {
                    out.append("      error: ").append(call.error().replace("\n", "\n      ")).append('\n');
                }
            }
            if (step.error() != null && callsOf(step.name()).stream().noneMatch(c -> c.error() != null)) {
                out.append("   error: ").append(step.error()).append('\n');
            }
        }
        rollbackText(out, "  ");
        safetyCopiesText(out, "  ");
        if (!events.isEmpty()) {
            out.append("\nEvents:\n");
            // an event of several lines (a REPL command typed over several) stays under its heading
            events.forEach(e -> out.append("  ").append(e.replace("\n", "\n      ")).append('\n'));
        }
        return out.toString();
    }

    /** The run as {@value JsonDocument#RUN}: every step and call with when it started and ended. */
    public String json() {
        return JsonDocument.render(document());
    }

    /** The run as a self-contained HTML page, from the same document as {@link #json()} and this run's backups. */
    public String html() {
        return new RunPage(document(), artifacts, rto(), rpo()).render();
    }

    /** The data of {@link #json()}: what every machine-facing form of the report is built from. */
    public Map<String, Object> document() {
        Map<String, Object> root = JsonDocument.of(JsonDocument.RUN);
        root.putAll(runData(run));
        root.put("file", run.file());
        root.put("sha256", run.sha256());
        root.put("params", run.params());
        List<Object> stepList = new ArrayList<>();
        for (StepRecord step : steps) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", step.index());
            s.put("name", step.name());
            s.put("state", step.state());
            s.put("startedAt", JsonDocument.time(step.startedAt()));
            s.put("finishedAt", JsonDocument.time(step.finishedAt()));
            s.put("durationMs", millisBetween(step.startedAt(), step.finishedAt()));
            s.put("error", step.error());
            List<Object> callList = new ArrayList<>();
            for (CallRecord call : callsOf(step.name())) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("ordinal", call.ordinal());
                c.put("verb", call.verb());
                c.put("line", call.line());
                c.put("args", new JsonSlurper().parseText(call.argsJson()));
                c.put("state", call.state().name());
                c.put("startedAt", JsonDocument.time(call.startedAt()));
                c.put("finishedAt", call.startedAt() == null || call.elapsedMillis() == null ? null
                        : JsonDocument.time(call.startedAt().plusMillis(call.elapsedMillis())));
                c.put("elapsedMs", call.elapsedMillis());
                c.put("result", call.resultJson() == null ? null : new JsonSlurper().parseText(call.resultJson()));
                c.put("error", call.error());
                c.put("stages", stages.getOrDefault(call.ordinal(), List.of()));
                callList.add(c);
            }
            s.put("calls", callList);
            stepList.add(s);
        }
        root.put("steps", stepList);
        root.put("rollback", rollback);
        root.put("safetyCopies", safetyCopies);
        root.put("events", events);
        root.put("owners", owners);
        return root;
    }

    private static Long millisBetween(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }

    /** The exit code the run ended with, by the one mapping; null while it runs or when an older journal kept no code. */
    private static Integer exitCodeOf(RunRecord run) {
        if (run.state() == RunState.RUNNING) {
            return null;
        }
        ProblemCode code = null;
        if (run.errorCode() != null) {
            try {
                code = ProblemCode.valueOf(run.errorCode());
            } catch (IllegalArgumentException newer) {
                return null; // a code this Ripcord does not know
            }
        } else if (run.error() != null) {
            return null;
        }
        return RunOutcome.exitCodeOf(run.state(), code).code;
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Run ").append(run.id()).append(": `").append(title(run)).append("` — ").append(run.stateLabel()).append("\n\n");
        out.append("| | |\n|---|---|\n");
        out.append("| by | ").append(run.operator()).append(" |\n");
        out.append("| started | ").append(time(run.startedAt())).append(" |\n");
        out.append("| finished | ").append(run.finishedAt() == null ? "—" : time(run.finishedAt())).append(" |\n");
        out.append("| file | `").append(run.file()).append("` |\n");
        out.append("| params | `").append(JsonOutput.toJson(run.params())).append("` |\n");
        if (run.error() != null) {
            out.append("| error | ").append(run.error().replace("|", "\\|")).append(" |\n");
        }
        out.append("\n| # | step | verb | state | time | line |\n|---|---|---|---|---|---|\n");
        for (CallRecord call : calls) {
            out.append("| ").append(call.ordinal()).append(" | ").append(call.step()).append(" | `").append(call.verb()).append("` | ")
                    .append(call.state()).append(" | ").append(call.elapsedMillis() == null ? "—" : call.elapsedMillis() + " ms")
                    .append(" | ").append(call.line()).append(" |\n");
        }
        rollbackText(out, "- ");
        safetyCopiesText(out, "- ");
        if (!events.isEmpty()) {
            out.append("\nEvents:\n\n");
            events.forEach(e -> out.append("- ").append(e.replace("\n", "\n  ")).append('\n'));
        }
        return out.toString();
    }

    private List<CallRecord> callsOf(String step) {
        return calls.stream().filter(c -> c.step().equals(step)).toList();
    }

    /** "match 3ms, stage 41ms, guard FAILED 1ms, sweep 0ms", or empty for a call without stages. */
    private java.util.Optional<String> stagesText(CallRecord call) {
        List<Map<String, Object>> of = stages.getOrDefault(call.ordinal(), List.of());
        return of.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(", ", of.stream()
                .map(s -> s.get("name") + ("done".equals(s.get("outcome")) ? "" : " " + String.valueOf(s.get("outcome")).toUpperCase())
                        + " " + s.get("durationMs") + "ms").toList()));
    }

    /** The last lines a command printed, from its journaled result. */
    private static List<String> output(CallRecord call) {
        if (call.resultJson() == null || !call.resultJson().startsWith("{")) {
            return List.of();
        }
        Object stdout = ((Map<?, ?>) new JsonSlurper().parseText(call.resultJson())).get("stdout");
        if (!(stdout instanceof String text) || text.isBlank()) {
            return List.of();
        }
        List<String> lines = text.strip().lines().toList();
        return lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size());
    }

    /** What ran: the runbook's name@version, or "interactive session" for a REPL session (each command a step). */
    static String title(RunRecord run) {
        return io.ripcord.session.RunSession.INTERACTIVE.equals(run.kind()) ? "interactive session" : run.runbookId();
    }

    /** UTC, to the second: how every report prints a moment. */
    public static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** What the run list and the run's own document both say of a run, in this order. */
    private static Map<String, Object> runData(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("runbook", r.runbook());
        m.put("version", r.version());
        m.put("state", r.state().name());
        m.put("ownerGone", r.ownerGone());
        m.put("startedAt", JsonDocument.time(r.startedAt()));
        m.put("finishedAt", JsonDocument.time(r.finishedAt()));
        m.put("durationMs", millisBetween(r.startedAt(), r.finishedAt()));
        m.put("user", r.operator().user());
        m.put("host", r.operator().host());
        m.put("error", r.error());
        m.put("errorCode", r.errorCode());
        m.put("exitCode", exitCodeOf(r));
        return m;
    }

    /** The run list as {@value JsonDocument#RUNS}, newest first. */
    public static String listJson(List<RunRecord> runs) {
        List<Object> list = new ArrayList<>();
        for (RunRecord r : runs) {
            list.add(runData(r));
        }
        Map<String, Object> root = JsonDocument.of(JsonDocument.RUNS);
        root.put("runs", list);
        return JsonDocument.render(root);
    }

    /** The run list: one line a run. */
    public static String list(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return "No runs yet.\n";
        }
        TextTable table = new TextTable("RUN", "STATE", "RUNBOOK", "STARTED", "TOOK", "BY");
        for (RunRecord r : runs) {
            String took = r.finishedAt() == null ? "—" : Durations.format(Duration.between(r.startedAt(), r.finishedAt()));
            table.row(r.id(), r.stateLabel(), title(r), time(r.startedAt()), took, r.operator().user() + "@" + r.operator().host());
        }
        return table.render();
    }
}
