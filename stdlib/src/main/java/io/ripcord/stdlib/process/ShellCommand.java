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
     * ({@link SecretsToEnvironment}); {@code env} is the caller's own variables, kept. A list of words runs without a
     * shell, so a secret in one of its words reaches that program's argv: the runbook chose that program's interface.
     */
    public static Prepared prepare(Object command, Map<String, String> env, Map<String, String> secrets) {
        Map<String, String> all = new LinkedHashMap<>(env);
        if (!(command instanceof String text) || secrets.isEmpty()) {
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

    /** How plans and messages show it: 'the string', or [the, words]. */
    public static String display(Object command) {
        return command instanceof String s ? "'" + s + "'" : argv(command).toString();
    }
}
