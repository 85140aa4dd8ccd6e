package io.ripcord.cli;

import io.ripcord.problem.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Man pages in roff (man(7)), written from the same picocli model that parses the command line, so they list every
 * command and option as they are: {@code ripcord.1} with the command list, global options, exit status (from
 * {@link ExitCode}, the table docs/guide.md has too), environment and files, and one {@code ripcord-COMMAND.1} a
 * command. Written directly rather than through picocli-codegen's AsciiDoc, which needs Asciidoctor (a Ruby or JRuby
 * tool chain) to become roff.
 */
final class ManPages {

    private static final String MANUAL = "Ripcord Manual";

    /** The environment a user sets, as docs/guide.md and docs/operations.md describe it. */
    private static final Map<String, String> ENVIRONMENT = environment();

    private ManPages() {
    }

    /** Every page by file name, the top page first, then the commands in the order {@code ripcord help} lists them. */
    static Map<String, String> pages(CommandLine top, String version) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("ripcord.1", topPage(top.getCommandSpec(), version));
        top.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                pages.put("ripcord-" + name + ".1", commandPage(sub.getCommandSpec(), version));
            }
        });
        return pages;
    }

    private static String topPage(CommandSpec spec, String version) {
        StringBuilder page = header("ripcord", version);
        section(page, "NAME").append("ripcord \\- ").append(escape(summary(spec.usageMessage().description()[0]))).append('\n');
        section(page, "SYNOPSIS").append("\\fBripcord\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
        section(page, "DESCRIPTION").append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        page.append(".PP\nEach command has its own page (\\fBripcord\\-run\\fR(1), ...) and prints its usage with ")
                .append("\\fB\\-\\-help\\fR; \\fBripcord help\\fR \\fIVERB\\fR describes a verb of the runbook language.\n");
        section(page, "COMMANDS");
        spec.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                page.append(".TP\n\\fB").append(escape(name)).append("\\fR\n")
                        .append(escape(String.join(" ", sub.getCommandSpec().usageMessage().description()))).append('\n')
                        .append("See \\fBripcord\\-").append(escape(name)).append("\\fR(1).\n");
            }
        });
        options(page, "OPTIONS", spec.options());
        section(page, "EXIT STATUS");
        for (ExitCode exit : Arrays.stream(ExitCode.values()).sorted(java.util.Comparator.comparingInt(e -> e.code)).toList()) {
            page.append(".TP\n\\fB").append(exit.code).append("\\fR\n").append(escape(exit.meaning.replace("`", ""))).append('\n');
        }
        section(page, "ENVIRONMENT");
        ENVIRONMENT.forEach((name, meaning) -> page.append(".TP\n\\fB").append(name).append("\\fR\n").append(escape(meaning)).append('\n'));
        section(page, "FILES");
        page.append(".TP\n\\fI~/.ripcord/journal.db\\fR\nThe journal (runs, verb calls, the backup catalog, locks) when neither ")
                .append("\\fB\\-\\-journal\\fR nor \\fBRIPCORD_JOURNAL\\fR nor \\fBRIPCORD_HOME\\fR says otherwise.\n")
                .append(".TP\n\\fI~/.cache/ripcord\\fR\nThe class-data archive of an installed Ripcord, one per version and JDK ")
                .append("(\\fB$XDG_CACHE_HOME/ripcord\\fR when set).\n");
        seeAlso(page, spec, null);
        return page.toString();
    }

    private static String commandPage(CommandSpec spec, String version) {
        String name = spec.name();
        StringBuilder page = header("ripcord-" + name, version);
        String[] description = spec.usageMessage().description();
        section(page, "NAME").append("ripcord\\-").append(escape(name)).append(" \\- ")
                .append(escape(description.length == 0 ? name : summary(description[0]))).append('\n');
        section(page, "SYNOPSIS").append("\\fBripcord ").append(escape(name)).append("\\fR");
        if (spec.options().stream().anyMatch(o -> !o.hidden())) {
            page.append(" [\\fIOPTIONS\\fR]");
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.hidden()) {
                continue;
            }
            String label = "\\fI" + escape(positional.paramLabel()) + "\\fR" + (positional.arity().isVariable() ? "..." : "");
            page.append(' ').append(positional.arity().min() == 0 ? "[" + label + "]" : label);
        }
        page.append('\n');
        section(page, "DESCRIPTION").append(escape(String.join(" ", description))).append('\n');
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            section(page, "ARGUMENTS");
            positionals.forEach(p -> item(page, "\\fI" + escape(p.paramLabel()) + "\\fR", p));
        }
        options(page, "OPTIONS", spec.options());
        seeAlso(page, spec.parent(), name);
        return page.toString();
    }

    private static StringBuilder header(String name, String version) {
        return new StringBuilder()
                .append(".\\\" Generated from Ripcord's command model (ripcord help --man DIR); do not edit.\n")
                .append(".TH \"").append(name.toUpperCase().replace("-", "\\-")).append("\" \"1\" \"\" \"ripcord ")
                .append(escape(version)).append("\" \"").append(MANUAL).append("\"\n")
                .append(".nh\n.ad l\n"); // names and options are never hyphenated at a line's end
    }

    private static StringBuilder section(StringBuilder page, String title) {
        return page.append(".SH \"").append(title).append("\"\n");
    }

    private static void options(StringBuilder page, String title, List<OptionSpec> options) {
        List<OptionSpec> shown = options.stream().filter(o -> !o.hidden())
                .sorted((a, b) -> a.longestName().replaceFirst("^-+", "").compareToIgnoreCase(b.longestName().replaceFirst("^-+", "")))
                .toList();
        if (shown.isEmpty()) {
            return;
        }
        section(page, title);
        for (OptionSpec option : shown) {
            String names = Arrays.stream(option.names()).map(n -> "\\fB" + escape(n) + "\\fR").collect(Collectors.joining(", "));
            boolean takesValue = option.arity().max() > 0 && !option.type().equals(boolean.class) && !option.type().equals(Boolean.class);
            item(page, names + (takesValue ? " \\fI" + escape(option.paramLabel()) + "\\fR" : ""), option);
        }
    }

    private static void item(StringBuilder page, String term, ArgSpec arg) {
        page.append(".TP\n").append(term).append('\n')
                .append(escape(String.join(" ", Arrays.stream(arg.description()).map(String::strip).toList()))).append('\n');
    }

    private static void seeAlso(StringBuilder page, CommandSpec top, String self) {
        section(page, "SEE ALSO");
        List<String> refs = new java.util.ArrayList<>();
        if (self != null) {
            refs.add("\\fBripcord\\fR(1)");
        }
        top.subcommands().forEach((name, sub) -> {
            if (!name.equals(self) && !sub.getCommandSpec().usageMessage().hidden()) {
                refs.add("\\fBripcord\\-" + escape(name) + "\\fR(1)");
            }
        });
        page.append(String.join(",\n", refs)).append('\n')
                .append(".PP\nThe guide, the verb reference and the operations manual: \\fIREADME.md\\fR and \\fIdocs/\\fR ")
                .append("in the release archive (\\fI/usr/lib/ripcord\\fR from the Debian package).\n");
    }

    /** A description's first sentence as a NAME line has it: no final full stop. */
    private static String summary(String first) {
        return first.strip().replaceFirst("\\.$", "");
    }

    /** Text as roff reads it literally: backslashes escaped, hyphens as hyphens, no line starting a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-").replace('\n', ' ');
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RIPCORD_HOME", "Ripcord's home: the journal, the manifest key, caches and the REPL's history (default ~/.ripcord).");
        env.put("RIPCORD_JOURNAL", "The journal: a file, or postgresql://USER@HOST:PORT/DB for team mode (--journal wins).");
        env.put("RIPCORD_PATH", "Directories of runbooks, colon-separated, searched before the shipped runbooks.");
        env.put("RIPCORD_LEASE_TTL", "How long a lock's and a run's lease lasts without renewal (default 30s).");
        env.put("RIPCORD_CACHE", "off: do not cache compiled runbooks.");
        env.put("NO_COLOR", "When set, never colour the output (as --no-color); CLICOLOR=0 and TERM=dumb too, CLICOLOR_FORCE=1 colours a pipe.");
        return env;
    }
}
