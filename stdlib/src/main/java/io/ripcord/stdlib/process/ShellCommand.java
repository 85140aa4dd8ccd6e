package io.ripcord.stdlib.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command as runbooks write it: a string runs through {@code /bin/sh -c}, a list of words runs as is. */
public final class ShellCommand {

    /** The variable that carries a whole script when part of it cannot become a reference (a quoted here-document). */
    static final String SCRIPT_VARIABLE = "RIPCORD_SCRIPT";

    private ShellCommand() {
    }

    /** What to start: the words, and the variables they need on top of the caller's environment. */
    public record Prepared(List<String> argv, Map<String, String> env) {
    }

    public static List<String> argv(Object command) {
        if (command instanceof CharSequence s) { // a GString from a runbook's interpolation too
            return List.of("/bin/sh", "-c", s.toString());
        }
        return ((List<?>) command).stream().map(String::valueOf).toList();
    }

    /**
     * The command with the run's {@code secrets} moved out of its text into its environment
     * ({@link SecretsToEnvironment}); {@code env} is the caller's own variables, kept. A list of words with a secret in
     * one of them runs through /bin/sh as those words, each quoted, the secret a variable reference: the shell (and a
     * builtin such as printf) gets it from its environment, and only a program that takes it as an argument sees it
     * in its own argv, which is that program's interface.
     */
    public static Prepared prepare(Object command, Map<String, String> env, Map<String, String> secrets) {
        Map<String, String> all = new LinkedHashMap<>(env);
        if (!(command instanceof CharSequence chars)) {
            List<String> words = argv(command);
            return holdsSecret(words, secrets) ? words(words, all, secrets) : new Prepared(words, all);
        }
        if (secrets.isEmpty()) {
            return new Prepared(argv(command), all);
        }
        SecretsToEnvironment.Rewritten rewritten = SecretsToEnvironment.rewrite(chars.toString(), secrets.values());
        all.putAll(rewritten.env());
        if (rewritten.scriptInEnvironment()) {
            all.put(SCRIPT_VARIABLE, rewritten.command());
            return new Prepared(List.of("/bin/sh", "-c", "eval \"$" + SCRIPT_VARIABLE + "\""), all);
        }
        return new Prepared(argv(rewritten.command()), all);
    }

    private static boolean holdsSecret(List<String> words, Map<String, String> secrets) {
        return words.stream().anyMatch(w -> secretValues(secrets).stream().anyMatch(w::contains));
    }

    /** Longest first, so a secret containing another is taken whole. */
    private static List<String> secretValues(Map<String, String> secrets) {
        return secrets.values().stream().filter(v -> v != null && !v.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The words as one /bin/sh command that runs exactly them: text single-quoted, each secret a variable reference. */
    private static Prepared words(List<String> words, Map<String, String> env, Map<String, String> secrets) {
        List<String> values = secretValues(secrets);
        Map<String, String> names = new LinkedHashMap<>();
        List<String> script = new ArrayList<>();
        for (String word : words) {
            StringBuilder out = new StringBuilder(word.isEmpty() ? "''" : "");
            int plain = 0;
            int i = 0;
            while (i < word.length()) {
                int at = i;
                String secret = values.stream().filter(v -> word.startsWith(v, at)).findFirst().orElse(null);
                if (secret == null) {
                    i++;
                    continue;
                }
                out.append(quote(word.substring(plain, i)));
                out.append("\"${").append(names.computeIfAbsent(secret, v -> "RIPCORD_SECRET_" + (names.size() + 1))).append("}\"");
                i += secret.length();
                plain = i;
            }
            script.add(out.append(quote(word.substring(plain))).toString());
        }
        names.forEach((value, name) -> env.put(name, value));
        return new Prepared(List.of("/bin/sh", "-c", String.join(" ", script)), env);
    }

    private static String quote(String text) {
        return text.isEmpty() ? "" : "'" + text.replace("'", "'\\''") + "'";
    }

    /** How plans and messages show it: 'the string', or [the, words]. */
    public static String display(Object command) {
        return command instanceof CharSequence s ? "'" + s + "'" : argv(command).toString();
    }
}
