package io.ripcord.stdlib.process;

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
        if (command instanceof String s) {
            return List.of("/bin/sh", "-c", s);
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
        String text = command instanceof String s ? s : holdsSecret(argv(command), secrets) ? script(argv(command)) : null;
        if (text == null || secrets.isEmpty()) {
            return new Prepared(argv(command), all);
        }
        SecretsToEnvironment.Rewritten rewritten = SecretsToEnvironment.rewrite(text, secrets.values());
        all.putAll(rewritten.env());
        if (rewritten.scriptInEnvironment()) {
            all.put(SCRIPT_VARIABLE, rewritten.command());
            return new Prepared(List.of("/bin/sh", "-c", "eval \"$" + SCRIPT_VARIABLE + "\""), all);
        }
        return new Prepared(argv(rewritten.command()), all);
    }

    private static boolean holdsSecret(List<String> words, Map<String, String> secrets) {
        return words.stream().anyMatch(w -> secrets.values().stream().anyMatch(v -> v != null && !v.isEmpty() && w.contains(v)));
    }

    /** The words as one /bin/sh command that runs exactly them: each single-quoted. */
    private static String script(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    /** How plans and messages show it: 'the string', or [the, words]. */
    public static String display(Object command) {
        return command instanceof String s ? "'" + s + "'" : argv(command).toString();
    }
}
