package io.ripcord.stdlib.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the secrets out of a shell command's text: {@code curl -u admin:s3cr3t} becomes
 * {@code curl -u admin:"${RIPCORD_SECRET_1}"} with the value in the command's environment, since any user can read
 * a process's command line ({@code /proc/PID/cmdline}) but only its owner its environment. Each reference is written
 * for the quoting it lands in (bare, inside '…', inside "…", in a here-document), so the command receives exactly the
 * secret's bytes whatever they hold (quotes, backslashes, $, spaces, newlines); a value the shell would have split
 * or expanded when pasted raw now arrives whole, which is what the runbook meant.
 *
 * <p>The only place a reference cannot go is a here-document whose delimiter is quoted (nothing expands there): that
 * text stays as it is and {@link Rewritten#scriptInEnvironment()} says so; the runner then passes the whole script through
 * the environment too.
 */
public final class SecretsToEnvironment {

    private static final String PREFIX = "RIPCORD_SECRET_";

    private enum Quoting { BARE, SINGLE, DOUBLE, BACKTICK, SUBSHELL, HEREDOC, QUOTED_HEREDOC }

    private final String command;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> variableByValue = new LinkedHashMap<>();
    private boolean rawLeft;

    private SecretsToEnvironment(String command) {
        this.command = command;
    }

    /** The rewritten command and the variables it needs; unchanged when no secret occurs in it. */
    public record Rewritten(String command, Map<String, String> env, boolean scriptInEnvironment) {
    }

    public static Rewritten rewrite(String command, Iterable<String> secretValues) {
        List<String> values = new ArrayList<>();
        secretValues.forEach(v -> {
            if (v != null && !v.isEmpty() && command.contains(v)) {
                values.add(v);
            }
        });
        if (values.isEmpty()) {
            return new Rewritten(command, Map.of(), false);
        }
        values.sort(Comparator.comparingInt(String::length).reversed()); // a secret containing another is taken whole
        SecretsToEnvironment r = new SecretsToEnvironment(command);
        String text = r.scan(values);
        return new Rewritten(text, Map.copyOf(r.env), r.rawLeft);
    }

    private String scan(List<String> values) {
        StringBuilder out = new StringBuilder();
        Deque<Quoting> stack = new ArrayDeque<>();
        stack.push(Quoting.BARE);
        List<String> pendingHeredocs = new ArrayList<>(); // delimiters whose bodies start after this line; '…' when quoted
        String heredocEnd = null;
        int i = 0;
        while (i < command.length()) {
            Quoting q = stack.peek();
            if (q == Quoting.HEREDOC || q == Quoting.QUOTED_HEREDOC) { // a body line, or its closing delimiter
                int newline = command.indexOf('\n', i);
                int end = newline < 0 ? command.length() : newline + 1;
                if (command.substring(i, newline < 0 ? end : newline).strip().equals(heredocEnd)) {
                    out.append(command, i, end);
                    i = end;
                    stack.pop();
                    heredocEnd = nextHeredoc(stack, pendingHeredocs);
                    continue;
                }
                while (i < end) {
                    String secret = secretAt(values, i);
                    if (secret != null) {
                        out.append(reference(q, secret));
                        i += secret.length();
                    } else if (q == Quoting.HEREDOC && command.charAt(i) == '\\' && i + 1 < end && secretAt(values, i + 1) == null) {
                        out.append(command, i, i + 2);
                        i += 2;
                    } else {
                        out.append(command.charAt(i++));
                    }
                }
                continue;
            }
            String secret = secretAt(values, i);
            if (secret != null) {
                out.append(reference(q, secret));
                i += secret.length();
                continue;
            }
            char c = command.charAt(i);
            if (c == '\\' && q != Quoting.SINGLE) {
                if (i + 1 < command.length() && secretAt(values, i + 1) != null) {
                    i++; // the reference that follows is quoted: escaping its first character is moot
                    continue;
                }
                out.append(command, i, Math.min(i + 2, command.length()));
                i += 2;
                continue;
            }
            if (c == '#' && (q == Quoting.BARE || q == Quoting.SUBSHELL) && wordStart(i)) {
                // a comment: its quotes mean nothing; copy to the end of the line (a secret in it still goes)
                while (i < command.length() && command.charAt(i) != '\n') {
                    String inComment = secretAt(values, i);
                    if (inComment != null) {
                        out.append(reference(q, inComment));
                        i += inComment.length();
                    } else {
                        out.append(command.charAt(i++));
                    }
                }
                continue;
            }
            out.append(c);
            i++;
            switch (q) {
                case SINGLE -> {
                    if (c == '\'') {
                        stack.pop();
                    }
                }
                case DOUBLE -> {
                    if (c == '"') {
                        stack.pop();
                    } else if (c == '`') {
                        stack.push(Quoting.BACKTICK);
                    } else if (c == '$' && i < command.length() && command.charAt(i) == '(') {
                        out.append('(');
                        i++;
                        stack.push(Quoting.SUBSHELL);
                    }
                }
                default -> { // BARE, BACKTICK, SUBSHELL: the shell's ordinary quoting rules
                    if (c == '\'') {
                        stack.push(Quoting.SINGLE);
                    } else if (c == '"') {
                        stack.push(Quoting.DOUBLE);
                    } else if (c == '`') {
                        if (q == Quoting.BACKTICK) {
                            stack.pop();
                        } else {
                            stack.push(Quoting.BACKTICK);
                        }
                    } else if (c == '(') {
                        stack.push(Quoting.SUBSHELL);
                    } else if (c == ')' && q == Quoting.SUBSHELL) {
                        stack.pop();
                    } else if (c == '<' && i < command.length() && command.charAt(i) == '<'
                            && (i + 1 >= command.length() || command.charAt(i + 1) != '<')) {
                        i = heredocOperator(out, i, pendingHeredocs);
                    } else if (c == '\n' && !pendingHeredocs.isEmpty()) {
                        heredocEnd = nextHeredoc(stack, pendingHeredocs);
                    }
                }
            }
        }
        return out.toString();
    }

    private boolean wordStart(int i) {
        return i == 0 || " \t\n;&|(".indexOf(command.charAt(i - 1)) >= 0;
    }

    /** After {@code <<} (at {@code i}, past the first '<'): copies '<', an optional '-' and the delimiter word. */
    private int heredocOperator(StringBuilder out, int i, List<String> pending) {
        out.append('<');
        i++;
        if (i < command.length() && command.charAt(i) == '-') {
            out.append('-');
            i++;
        }
        while (i < command.length() && (command.charAt(i) == ' ' || command.charAt(i) == '\t')) {
            out.append(command.charAt(i++));
        }
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        while (i < command.length() && " \t\n;|&<>()".indexOf(command.charAt(i)) < 0) {
            char c = command.charAt(i++);
            out.append(c);
            if (c == '\'' || c == '"' || c == '\\') {
                quoted = true;
            } else {
                word.append(c);
            }
        }
        pending.add((quoted ? "'" : "") + word);
        return i;
    }

    private static String nextHeredoc(Deque<Quoting> stack, List<String> pending) {
        if (pending.isEmpty()) {
            return null;
        }
        String next = pending.remove(0);
        boolean quoted = next.startsWith("'");
        stack.push(quoted ? Quoting.QUOTED_HEREDOC : Quoting.HEREDOC);
        return quoted ? next.substring(1) : next;
    }

    private String secretAt(List<String> values, int i) {
        for (String v : values) {
            if (command.startsWith(v, i)) {
                return v;
            }
        }
        return null;
    }

    private String reference(Quoting q, String secret) {
        if (q == Quoting.QUOTED_HEREDOC) {
            rawLeft = true; // nothing expands in this body: the text keeps the value, the script goes by environment
            return secret;
        }
        String name = variableByValue.computeIfAbsent(secret, v -> {
            String n = PREFIX + (variableByValue.size() + 1);
            env.put(n, v);
            return n;
        });
        return switch (q) {
            case SINGLE -> "'\"${" + name + "}\"'"; // close the quote, insert, reopen
            case DOUBLE, HEREDOC -> "${" + name + "}";
            default -> "\"${" + name + "}\"";
        };
    }
}
