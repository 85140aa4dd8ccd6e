package io.ripcord.cli.repl;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.RunbookSource;
import io.ripcord.params.ParamSpec;
import io.ripcord.params.ParamType;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.files.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code :save FILE}: the session's successful commands as a new runbook, version 1.0.0, named after the file
 * ({@code repl/NAME}). Each command is a step, except that a command defining variables is grouped with the later
 * commands that use them, so the variables stay in scope. Parameters the commands read are declared with the values
 * the session used; a secret the operator typed is saved as {@code secret('NAME')} (see SecretPlaceholders), never as
 * its value or a placeholder. The text is loaded and checked before it is written (atomically); an existing file is never
 * overwritten.
 */
final class RunbookSaver {

    private static final Pattern PARAM_USE = Pattern.compile("\\bparams\\.([A-Za-z_][A-Za-z0-9_]*)");

    private final Session session;

    RunbookSaver(Session session) {
        this.session = session;
    }

    /** Writes the runbook; returns it, loaded. */
    RunbookDefinition save(String fileName, String sessionId) {
        Path file = session.cli.cwd().resolve(fileName);
        if (!fileName.endsWith(".groovy")) {
            throw refused("a runbook file ends in .groovy: " + fileName, "try :save " + fileName + ".groovy");
        }
        if (Files.exists(file)) {
            throw refused(fileName + " already exists; :save never overwrites a file", "choose another name, or bump the version by hand");
        }
        if (session.kept.isEmpty()) {
            throw refused("nothing to save: no command has succeeded in this session yet", "type verbs first; :save keeps the ones that worked");
        }
        List<Integer> usingArtifacts = session.kept.stream()
                .filter(k -> uses(k.code(), Set.of("artifacts")) && !k.declared().contains("artifacts")).map(Session.Kept::number).toList();
        if (!usingArtifacts.isEmpty()) {
            // the failure shell's `artifacts` are that run's backups; a saved runbook has no run to take them from
            throw refused("command" + (usingArtifacts.size() > 1 ? "s " : " ") + usingArtifacts.stream().map(n -> "#" + n)
                            .collect(java.util.stream.Collectors.joining(", ")) + (usingArtifacts.size() > 1 ? " use" : " uses")
                            + " `artifacts`, the failed run's backups, which a saved runbook does not have",
                    "name the backup by its target instead, e.g. lastBackup(sqlite('/srv/app/app.db'), from: '/var/backups/app'), and :save again");
        }
        String text = text(name(file), sessionId);
        RunbookDefinition checked = session.cli.loader().load(RunbookSource.of(file, fileName, text));
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            AtomicFile.write(file, out -> {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return null;
            });
        } catch (IOException e) {
            throw refused("cannot write " + fileName + ": " + e.getMessage(), "check the directory and its permissions");
        }
        return checked;
    }

    /** {@code repl/fix-db} for {@code fix-db.groovy}. */
    static String name(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.groovy$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return "repl/" + (base.isEmpty() ? "session" : base);
    }

    String text(String name, String sessionId) {
        StringBuilder out = new StringBuilder();
        out.append("runbook '").append(name).append("', version: '1.0.0', {\n");
        out.append("    description 'Saved from interactive session ").append(sessionId).append("'\n");
        for (String param : paramsUsed()) {
            out.append("    ").append(paramDeclaration(param)).append('\n');
        }
        List<String> declarations = loadedDeclarations();
        if (!declarations.isEmpty()) {
            out.append('\n');
            declarations.forEach(line -> out.append("    ").append(line).append('\n'));
        }
        Set<String> stepNames = new LinkedHashSet<>();
        for (List<Session.Kept> group : groups()) {
            Session.Kept first = group.get(0);
            if (group.size() == 1 && first.step() != null) {
                out.append('\n').append(loadedStepNote(first, "    "));
                continue;
            }
            String stepName = unique(stepNames, title(group));
            out.append("\n    step '").append(stepName.replace("\\", "\\\\").replace("'", "\\'")).append("', {\n");
            for (Session.Kept command : group) {
                if (command.step() != null) {
                    out.append(loadedStepNote(command, "        "));
                } else {
                    SecretPlaceholders.toCode(command.code()).lines().forEach(line -> out.append("        ").append(line).append('\n'));
                }
            }
            out.append("    }\n");
        }
        out.append("}\n");
        return out.toString();
    }

    /**
     * The loaded runbook's own declarations ({@code def db = sqlite '/app/db.sqlite'}) of the variables the kept
     * commands use, copied from its text: without them the saved runbook would not pass its own check.
     */
    private List<String> loadedDeclarations() {
        if (session.loaded == null) {
            return List.of();
        }
        Set<String> declaredHere = new LinkedHashSet<>();
        session.kept.forEach(k -> declaredHere.addAll(k.declared()));
        List<String> lines = session.loaded.runbook().source().text().lines().toList();
        List<String> out = new ArrayList<>();
        for (String name : RunbookScope.variables(session.loaded.runbook()).keySet()) {
            if (declaredHere.contains(name) || session.kept.stream().noneMatch(k -> uses(k.code(), Set.of(name)))) {
                continue;
            }
            Pattern declaration = Pattern.compile("^\\s*def\\s+" + Pattern.quote(name) + "\\s*=.*$");
            lines.stream().filter(l -> declaration.matcher(l).matches()).findFirst().map(String::strip).ifPresent(out::add);
        }
        return out;
    }

    /** A loaded runbook's step is not copied (its code lives in that runbook): a comment says where it came from. */
    private String loadedStepNote(Session.Kept command, String indent) {
        return indent + "// " + command.code() + ": step '" + command.step() + "' of " + (session.loaded == null ? "a loaded runbook"
                : session.loaded.runbook().id()) + ", not copied; run that runbook for it\n";
    }

    /** Consecutive commands, grouped so that a variable is used in the step that defines it. */
    private List<List<Session.Kept>> groups() {
        List<Session.Kept> kept = session.kept;
        List<List<Session.Kept>> groups = new ArrayList<>();
        int i = 0;
        while (i < kept.size()) {
            int end = i;
            Set<String> names = new LinkedHashSet<>();
            for (int j = i; j <= end && j < kept.size(); j++) {
                names.addAll(kept.get(j).declared());
                for (int k = j + 1; k < kept.size(); k++) {
                    if (uses(kept.get(k).code(), names)) {
                        end = Math.max(end, k);
                    }
                }
            }
            groups.add(new ArrayList<>(kept.subList(i, end + 1)));
            i = end + 1;
        }
        return groups;
    }

    private static boolean uses(String code, Set<String> names) {
        for (String name : names) {
            if (Pattern.compile("(?<![\\w.$])" + Pattern.quote(name) + "(?![\\w$])").matcher(code).find()) {
                return true;
            }
        }
        return false;
    }

    private Set<String> paramsUsed() {
        Set<String> used = new LinkedHashSet<>();
        for (Session.Kept command : session.kept) {
            Matcher m = PARAM_USE.matcher(command.code());
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }

    /** {@code param 'image', default: 'app:2'}: the value the session used, where it can be written as a default. */
    private String paramDeclaration(String name) {
        Object value = session.loaded == null ? null : session.loaded.params().get(name);
        ParamSpec spec = session.loaded == null ? null : session.loaded.runbook().params().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElse(null);
        String redacted = value == null ? null : session.cli.redactor().redact(String.valueOf(value));
        if (value == null || !redacted.equals(String.valueOf(value))) {
            return "param '" + name + "', required: true"; // a secret's value is never written down
        }
        ParamType type = spec == null ? ParamType.STRING : spec.type();
        return switch (type) {
            case STRING -> "param '" + name + "', default: '" + redacted.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case INTEGER, LONG, BOOLEAN -> "param '" + name + "', default: " + redacted;
            default -> "param '" + name + "', required: true, description: 'was " + redacted.replace("'", "") + " in the session'";
        };
    }

    /** A step is named by the verbs it calls, in order ("backup, verify"), else by its first line. */
    private String title(List<Session.Kept> group) {
        Set<String> verbs = new LinkedHashSet<>();
        Matcher words = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(String.join("\n", group.stream().map(Session.Kept::code).toList()));
        while (words.find()) {
            session.cli.verbs().find(words.group()).filter(v -> !(v instanceof io.ripcord.verb.ValueVerb)).ifPresent(v -> verbs.add(v.spec().name()));
        }
        if (!verbs.isEmpty()) {
            return String.join(", ", verbs);
        }
        String first = group.get(0).code().strip().lines().findFirst().orElse("command").replaceAll("[\\s'\"\\\\]+", " ").strip();
        return first.length() > 48 ? first.substring(0, 48).strip() : first;
    }

    private static String unique(Set<String> taken, String name) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    private static RunbookException refused(String what, String next) {
        return new RunbookException(Problem.of(ProblemCode.FILE_NOT_READABLE, what, null).withNext(next));
    }
}
