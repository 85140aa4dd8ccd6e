package io.ripcord.plan;

import groovy.json.JsonOutput;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.units.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON for tools ({@code ripcord plan --json}). Key order is fixed and nothing in it depends on the
 * clock or the machine, so the output is stable and can be diffed (the golden files pin it).
 */
public final class PlanJson {

    public static final String FORMAT = "ripcord-plan/1";
    private static final java.util.regex.Pattern EMPTY_OBJECT = java.util.regex.Pattern.compile("\\{\\n\\s*\\n\\s*}");

    private PlanJson() {
    }

    public static String render(Plan plan) {
        return render(plan, data -> data);
    }

    /**
     * The JSON after {@code redact} has rewritten the data: secrets must be masked before encoding, since JSON
     * escaping (quotes, non-ASCII) would hide them from a textual redaction of the output.
     */
    @SuppressWarnings("unchecked")
    public static String render(Plan plan, java.util.function.UnaryOperator<Object> redact) {
        Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) redact.apply(content(plan)));
        root.put("planHash", plan.hash());
        // prettyPrint renders an empty object as "{", a blank line, "}"; JSON strings cannot hold a raw newline,
        // so this only ever touches empty objects
        return EMPTY_OBJECT.matcher(JsonOutput.prettyPrint(JsonOutput.toJson(root))).replaceAll("{}") + "\n";
    }

    /** Everything but the hash itself; what {@link Plan#hash()} is computed over. */
    static String hashedContent(Plan plan) {
        return JsonOutput.toJson(content(plan));
    }

    private static Map<String, Object> content(Plan plan) {
        RunbookDefinition rb = plan.runbook();
        Map<String, Object> runbook = new LinkedHashMap<>();
        runbook.put("name", rb.name());
        runbook.put("version", rb.version());
        runbook.put("description", rb.description());
        runbook.put("file", rb.source().displayPath());
        runbook.put("sha256", rb.source().sha256());

        Map<String, Object> params = new LinkedHashMap<>();
        plan.params().forEach((k, v) -> params.put(k, Values.json(v)));

        List<Map<String, Object>> steps = plan.steps().stream().map(PlanJson::step).toList();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("runbook", runbook);
        root.put("params", params);
        root.put("steps", steps);
        if (!plan.rollbacks().isEmpty()) {
            root.put("rollbacks", plan.rollbacks().stream().map(PlanJson::step).toList());
        }
        return root;
    }

    private static Map<String, Object> step(PlannedStep step) {
        List<Object> actions = new ArrayList<>();
        for (PlannedAction action : step.actions()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("verb", action.verb());
            a.put("kind", action.kind().id());
            a.put("summary", action.summary());
            a.put("line", action.line());
            a.put("details", action.details());
            a.put("args", action.args());
            actions.add(a);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", step.name());
        s.put("line", step.line());
        s.put("actions", actions);
        if (step.note() != null) {
            s.put("note", step.note());
        }
        return s;
    }

}
