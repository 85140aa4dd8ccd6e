package io.ripcord.verb;

import java.util.List;

/**
 * Renders verb metadata as help text and as the README's markdown reference. Both come from {@link VerbSpec}, and
 * a spec checks the README against {@link #markdown}, so documentation cannot drift from the code.
 */
public final class VerbReference {

    private VerbReference() {
    }

    public static String text(VerbSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append(spec.name()).append(" — ").append(spec.summary()).append("\n\n");
        out.append("Usage: ").append(usage(spec)).append("\n\n");
        if (!spec.args().isEmpty()) {
            out.append("Arguments:\n");
            int width = spec.argNames().stream().mapToInt(String::length).max().orElse(0);
            for (ArgSpec arg : spec.args()) {
                out.append(String.format("  %-" + width + "s  %s%s. %s%n", arg.name(), arg.type().expected,
                        arg.required() ? ", required" : arg.defaultText() == null ? "" : ", default " + arg.defaultText(),
                        arg.doc()));
            }
            out.append('\n');
        }
        out.append("Returns: ").append(spec.returns()).append('\n');
        if (spec.example() != null) {
            out.append("Example: ").append(spec.example()).append('\n');
        }
        return out.toString();
    }

    public static String usage(VerbSpec spec) {
        StringBuilder out = new StringBuilder(spec.name());
        spec.positional().ifPresent(p -> out.append(' ').append(p.toUpperCase()));
        for (ArgSpec arg : spec.args()) {
            if (spec.positional().filter(arg.name()::equals).isPresent()) {
                continue;
            }
            String named = arg.name() + ": " + arg.type().example;
            out.append(spec.positional().isPresent() || out.length() > spec.name().length() ? ", " : " ")
                    .append(arg.required() ? named : "[" + named + "]");
        }
        return out.toString();
    }

    /** The README's "Verbs" section. */
    public static String markdown(List<VerbSpec> specs) {
        StringBuilder out = new StringBuilder();
        for (VerbSpec spec : specs) {
            out.append("### `").append(spec.name()).append("`\n\n");
            out.append(spec.summary()).append("\n\n");
            out.append("```groovy\n").append(usage(spec)).append("\n```\n\n");
            if (!spec.args().isEmpty()) {
                out.append("| argument | type | default | meaning |\n|---|---|---|---|\n");
                for (ArgSpec arg : spec.args()) {
                    out.append("| `").append(arg.name()).append("` | ").append(arg.type().expected).append(" | ")
                            .append(arg.required() ? "required" : arg.defaultText() == null ? "" : arg.defaultText())
                            .append(" | ").append(arg.doc()).append(" |\n");
                }
                out.append('\n');
            }
            out.append("Returns ").append(spec.returns()).append('.');
            if (spec.example() != null) {
                out.append(" Example: `").append(spec.example()).append('`');
            }
            out.append("\n\n");
        }
        return out.toString();
    }
}
