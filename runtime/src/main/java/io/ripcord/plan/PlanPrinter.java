package io.ripcord.plan;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.units.Counts;
import io.ripcord.units.Values;

import java.util.Map;
import java.util.function.UnaryOperator;

/** The plan as the operator reads it: one line per action under its step, details indented, the hash last. */
public final class PlanPrinter {

    /** How to emphasise parts of the text; identity when colour is off. */
    public record Styles(UnaryOperator<String> heading, UnaryOperator<String> symbol, UnaryOperator<String> dim) {
        public static final Styles PLAIN = new Styles(s -> s, s -> s, s -> s);
    }

    private PlanPrinter() {
    }

    public static String render(Plan plan, Styles styles) {
        RunbookDefinition rb = plan.runbook();
        StringBuilder out = new StringBuilder();
        out.append(styles.heading().apply("Plan: " + rb.id())).append("  ").append(styles.dim().apply(rb.source().displayPath())).append('\n');
        if (rb.description() != null) {
            out.append("  ").append(rb.description()).append('\n');
        }
        if (!plan.params().isEmpty()) {
            out.append("  params: ");
            String sep = "";
            for (Map.Entry<String, Object> p : plan.params().entrySet()) {
                out.append(sep).append(p.getKey()).append('=').append(Values.format(p.getValue()));
                sep = ", ";
            }
            out.append('\n');
        }
        int n = 1;
        for (PlannedStep step : plan.steps()) {
            step(out, n++ + ". " + step.name(), step, styles);
        }
        if (!plan.rollbacks().isEmpty()) {
            out.append('\n').append(styles.heading().apply("If a step fails")).append('\n');
            for (PlannedStep rollback : plan.rollbacks()) {
                step(out, "↩ " + rollback.name(), rollback, styles);
            }
        }
        out.append('\n').append(Counts.of(plan.steps().size(), "step")).append(", ").append(Counts.of(plan.actionCount(), "action")).append(". ")
                .append(styles.dim().apply("plan " + plan.hash().substring(0, 12))).append('\n');
        out.append(styles.dim().apply("Symbols: ! run  + create  ~ change  - delete  ? check  . wait  # note")).append('\n');
        return out.toString();
    }

    private static void step(StringBuilder out, String heading, PlannedStep step, Styles styles) {
        out.append('\n').append(styles.heading().apply(heading)).append(styles.dim().apply("  (line " + step.line() + ")")).append('\n');
        out.append(actions(step, styles));
    }

    /** One step's actions (or its note), indented: the plan's body, and what the REPL prints in plan mode. */
    public static String actions(PlannedStep step, Styles styles) {
        StringBuilder out = new StringBuilder();
        if (step.note() != null) {
            out.append("   ").append(styles.dim().apply("(" + step.note() + ")")).append('\n');
        } else if (step.actions().isEmpty()) {
            out.append("   (no actions)\n");
        }
        for (PlannedAction action : step.actions()) {
            out.append("   ").append(styles.symbol().apply(action.kind().symbol)).append(' ')
                    .append(action.verb()).append(": ").append(action.summary())
                    .append(styles.dim().apply("  :" + action.line())).append('\n');
            action.details().forEach((k, v) -> out.append("       ").append(styles.dim().apply(k + ": ")).append(v).append('\n'));
        }
        return out.toString();
    }
}
