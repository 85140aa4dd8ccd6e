package io.ripcord.plan;

import groovy.json.JsonSlurper;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A plan written with {@code plan --out FILE} and given back with {@code run --plan FILE}: Terraform's stale-plan
 * rule. The run plans again and refuses unless the new plan's hash (over the file, the parameters and every action
 * as the observed state made it) is the saved one; the refusal says what changed, first difference first.
 */
public final class SavedPlan {

    private final Path file;
    private final Map<String, Object> saved;

    private SavedPlan(Path file, Map<String, Object> saved) {
        this.file = file;
        this.saved = saved;
    }

    /** Reads a saved plan; a file that is not one is refused with what it is and what to do. */
    @SuppressWarnings("unchecked")
    public static SavedPlan read(Path file, String text) {
        Object parsed;
        try {
            parsed = new JsonSlurper().parseText(text);
        } catch (RuntimeException e) {
            throw notAPlan(file, "it is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(parsed instanceof Map<?, ?> map) || !PlanJson.FORMAT.equals(map.get("format")) || !(map.get("planHash") instanceof String)) {
            throw notAPlan(file, "it is not a plan written by `ripcord plan --out` (format " + PlanJson.FORMAT + ")");
        }
        return new SavedPlan(file, (Map<String, Object>) parsed);
    }

    /** Refuses, naming what differs, unless {@code now} is the plan that was saved. */
    public void requireSameAs(Plan now, UnaryOperator<Object> redact) {
        if (saved.get("planHash").equals(now.hash())) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> current = (Map<String, Object>) new JsonSlurper().parseText(PlanJson.render(now, redact));
        List<String> changes = differences(saved, current);
        throw new RunbookException(Problem.of(ProblemCode.STALE_PLAN, "the plan in " + file + " is stale: "
                        + (changes.isEmpty() ? "its hash differs from the plan made now" : String.join("; ", changes)), null)
                .withNext("review the new plan (`ripcord plan " + now.runbook().source().displayPath()
                        + " --out " + file + "`), then run with it; nothing has run"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> differences(Map<String, Object> before, Map<String, Object> now) {
        List<String> out = new ArrayList<>();
        Map<String, Object> rbBefore = (Map<String, Object>) before.get("runbook");
        Map<String, Object> rbNow = (Map<String, Object>) now.get("runbook");
        if (rbBefore == null || !Objects.equals(rbBefore.get("name"), rbNow.get("name"))) {
            out.add("it is a plan of " + (rbBefore == null ? "another runbook" : rbBefore.get("name")) + ", not of " + rbNow.get("name"));
            return out;
        }
        if (!Objects.equals(rbBefore.get("sha256"), rbNow.get("sha256"))) {
            out.add("the runbook " + rbNow.get("file") + " changed since it was planned");
        }
        Map<String, Object> pBefore = (Map<String, Object>) before.getOrDefault("params", Map.of());
        Map<String, Object> pNow = (Map<String, Object>) now.getOrDefault("params", Map.of());
        for (String name : union(pBefore.keySet(), pNow.keySet())) {
            if (!Objects.equals(pBefore.get(name), pNow.get(name))) {
                out.add("parameter '" + name + "' was " + pBefore.get(name) + ", is now " + pNow.get(name));
            }
        }
        for (String part : List.of("steps", "rollbacks")) {
            List<Map<String, Object>> sBefore = (List<Map<String, Object>>) before.getOrDefault(part, List.of());
            List<Map<String, Object>> sNow = (List<Map<String, Object>>) now.getOrDefault(part, List.of());
            for (int i = 0; i < Math.max(sBefore.size(), sNow.size()); i++) {
                Map<String, Object> a = i < sBefore.size() ? sBefore.get(i) : Map.of();
                Map<String, Object> b = i < sNow.size() ? sNow.get(i) : Map.of();
                if (!Objects.equals(a, b)) {
                    out.add("step '" + (b.isEmpty() ? a.get("name") : b.get("name")) + "' would now " + firstAction(a, b));
                    return out; // the first difference is what to look at; later ones often follow from it
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String firstAction(Map<String, Object> before, Map<String, Object> now) {
        List<Map<String, Object>> a = (List<Map<String, Object>>) before.getOrDefault("actions", List.of());
        List<Map<String, Object>> b = (List<Map<String, Object>>) now.getOrDefault("actions", List.of());
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            Object was = i < a.size() ? a.get(i).get("verb") + ": " + a.get(i).get("summary") : "nothing";
            Object is = i < b.size() ? b.get(i).get("verb") + ": " + b.get(i).get("summary") : "nothing";
            if (!Objects.equals(i < a.size() ? a.get(i) : null, i < b.size() ? b.get(i) : null)) {
                return "do \"" + is + "\" where the plan said \"" + was + "\"";
            }
        }
        return "differ from the plan (" + Objects.toString(now.get("note"), "its notes changed") + ")";
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static RunbookException notAPlan(Path file, String why) {
        return new RunbookException(Problem.of(ProblemCode.STALE_PLAN, "cannot use " + file + " as a plan: " + why, null)
                .withNext("write one with `ripcord plan RUNBOOK --out " + file + "`"));
    }
}
