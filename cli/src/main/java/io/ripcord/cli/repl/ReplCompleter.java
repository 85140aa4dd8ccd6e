package io.ripcord.cli.repl;

import io.ripcord.dsl.DslKeywords;
import io.ripcord.verb.ArgSpec;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbSpec;
import io.ripcord.library.RunbookLibrary;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion from what the session knows: shell commands; verbs and targets (value verbs such as
 * {@code sqlite}) with their summaries; the named arguments of the verb being typed, from its {@code VerbSpec};
 * session variables; {@code params.} names; step names after {@code :step}; run ids after {@code :show}; runbook
 * names after {@code :load} and its parameters after {@code -p}; verbs after {@code :help}.
 */
final class ReplCompleter implements Completer {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Session session;

    ReplCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
        String beforeWord = before.substring(0, before.length() - line.word().substring(0, Math.min(line.wordCursor(), line.word().length())).length());
        if (before.stripLeading().startsWith(":")) {
            command(before.stripLeading(), line.wordIndex(), candidates);
        } else {
            code(beforeWord, candidates);
        }
    }

    private void command(String before, int wordIndex, List<Candidate> candidates) {
        if (wordIndex == 0) {
            CommandDispatcher.COMMANDS.forEach((name, doc) -> candidates.add(candidate(name, "commands", doc, true)));
            return;
        }
        String command = before.split("\\s+")[0];
        List<String> words = CommandDispatcher.words(before);
        boolean afterParamFlag = words.size() >= 2 && (before.endsWith(" -p ") || words.get(words.size() - 1).equals("-p") && before.endsWith(" "));
        switch (command) {
            case ":help" -> session.cli.verbs().specs().forEach(v -> candidates.add(candidate(v.name(), "verbs", v.summary(), true)));
            case ":plan" -> List.of("on", "off").forEach(m -> candidates.add(candidate(m, "modes", null, true)));
            case ":step" -> session.stepNames().forEach(s -> candidates.add(candidate(s.contains(" ") ? "'" + s + "'" : s, "steps", null, true)));
            case ":show" -> session.recentRunIds().forEach(id -> candidates.add(candidate(id, "runs", null, true)));
            case ":load" -> {
                if (afterParamFlag && words.size() >= 2) {
                    loadParams(words.get(1), candidates);
                } else if (wordIndex == 1) {
                    library().ifPresent(lib -> lib.runbooks().forEach(rb -> candidates.add(candidate(rb.name(), "runbooks", rb.description(), true))));
                }
            }
            default -> { }
        }
    }

    private void loadParams(String runbook, List<Candidate> candidates) {
        library().ifPresent(lib -> lib.runbooks().stream().filter(rb -> rb.name().equals(runbook.replaceFirst("@.*", "")))
                .findFirst().ifPresent(rb -> rb.params().forEach(p -> candidates.add(candidate(p.name() + "=", "parameters", p.description(), false)))));
        if (session.loaded != null) {
            session.loaded.runbook().params().forEach(p -> candidates.add(candidate(p.name() + "=", "parameters", p.description(), false)));
        }
    }

    private Optional<RunbookLibrary> library() {
        try {
            return Optional.of(session.cli.library());
        } catch (RuntimeException e) {
            return Optional.empty(); // completion never fails the prompt
        }
    }

    private void code(String before, List<Candidate> candidates) {
        if (before.endsWith("params.")) {
            session.paramNames().forEach(p -> candidates.add(candidate(p, "parameters", null, true)));
            return;
        }
        Optional<VerbSpec> verb = currentVerb(before);
        verb.ifPresent(spec -> {
            for (ArgSpec arg : spec.args()) {
                if (!spec.positional().map(arg.name()::equals).orElse(false)
                        && !Pattern.compile("\\b" + Pattern.quote(arg.name()) + "\\s*:").matcher(statement(before)).find()) {
                    candidates.add(candidate(arg.name() + ":", spec.name() + " arguments", arg.doc(), true));
                }
            }
        });
        if (verb.isPresent() && before.stripTrailing().endsWith(",")) {
            return; // after a comma come the verb's named arguments
        }
        for (String name : session.cli.verbs().names()) {
            Verb known = session.cli.verbs().find(name).orElseThrow();
            boolean target = known instanceof ValueVerb; // a target is followed by its '(' or its path: no space
            candidates.add(candidate(name, target ? "targets" : "verbs", known.spec().summary(), !target));
        }
        session.variables.forEach((name, value) -> candidates.add(candidate(name, "variables",
                value == null ? null : value.getClass().getSimpleName(), true)));
        DslKeywords.ANYWHERE.forEach(k -> candidates.add(candidate(k, "keywords", null, false)));
        candidates.add(candidate("params", "keywords", "the loaded runbook's parameters", false));
    }

    /** The verb whose arguments are being typed: the first verb of the current statement (or of the open call). */
    private Optional<VerbSpec> currentVerb(String before) {
        String statement = statement(before);
        int open = statement.lastIndexOf('(');
        if (open >= 0 && statement.indexOf(')', open) < 0) {
            Optional<VerbSpec> inner = verbBefore(statement.substring(0, open));
            if (inner.isPresent()) {
                return inner;
            }
        }
        Matcher m = IDENTIFIER.matcher(statement);
        while (m.find()) {
            Optional<Verb> verb = session.cli.verbs().find(m.group());
            if (verb.isPresent() && !(verb.get() instanceof ValueVerb)) {
                return Optional.of(verb.get().spec());
            }
        }
        return Optional.empty();
    }

    private Optional<VerbSpec> verbBefore(String text) {
        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*$").matcher(text);
        return m.find() ? session.cli.verbs().find(m.group(1)).map(Verb::spec) : Optional.empty();
    }

    /** The text of the statement the cursor is in: after the last newline, ';' or '{'. */
    private static String statement(String before) {
        int start = Math.max(Math.max(before.lastIndexOf('\n'), before.lastIndexOf(';')), before.lastIndexOf('{'));
        return before.substring(start + 1);
    }

    private static Candidate candidate(String value, String group, String description, boolean complete) {
        String shown = description == null || description.length() <= 60 ? description : description.substring(0, 59) + "…";
        return new Candidate(value, value, group, shown, null, null, complete);
    }
}
