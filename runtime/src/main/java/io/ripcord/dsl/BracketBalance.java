package io.ripcord.dsl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the bracket that breaks a file's nesting, skipping strings and comments. Groovy's parser reports a missing
 * closing brace somewhere unhelpful (often the opening line, or the end of the file); this says which opening
 * bracket, on which line, was never closed.
 */
public final class BracketBalance {

    private BracketBalance() {
    }

    /** What breaks the nesting and on which line. */
    record Imbalance(String description, int line) {
    }

    /**
     * True when the text stops inside an open bracket, a triple-quoted string or a block comment, with nothing closed
     * wrongly: typed at the REPL, such input goes on on the next line (a closure, a map, a multi-line string).
     */
    public static boolean awaitsMore(String text) {
        Scan scan = scan(text);
        return scan.unclosed() || scan.imbalance() != null && scan.openAtEnd();
    }

    /**
     * The text without what follows its last piece of code (a trailing comment, blank space): what a REPL reads to
     * decide whether a line ending in an operator goes on. Strings count as code.
     */
    public static String withoutTrailingComment(String text) {
        return text.substring(0, scan(text).codeEnd());
    }

    /** The first imbalance, such as "the '{' opened at line 3 is never closed", or null when the brackets balance. */
    static Imbalance problem(String text) {
        return scan(text).imbalance();
    }

    /**
     * unclosed: a triple-quoted string or a block comment runs to the end; codeEnd: the index just after the last
     * character that is neither blank nor inside a comment.
     */
    private record Scan(Imbalance imbalance, boolean openAtEnd, boolean unclosed, int codeEnd) {
    }

    private static Scan scan(String text) {
        record Open(char bracket, int line, int indent) {
        }
        Deque<Open> open = new ArrayDeque<>();
        boolean unclosed = false;
        Imbalance first = null; // the scan goes on after it, to find where the code ends
        int codeEnd = 0;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == '/' && next == '/') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') i++;
            } else if (c == '/' && next == '*') {
                for (i += 2; i + 1 < text.length() && !(text.charAt(i) == '*' && text.charAt(i + 1) == '/'); i++) {
                    if (text.charAt(i) == '\n') line++;
                }
                if (i + 1 >= text.length()) {
                    unclosed = true; // a block comment still open, like a triple-quoted string: more is coming
                }
                i++;
            } else if (c == '\'' || c == '"') {
                boolean triple = text.startsWith(String.valueOf(c).repeat(3), i);
                String end = triple ? String.valueOf(c).repeat(3) : String.valueOf(c);
                int j = i + end.length();
                while (j < text.length() && !text.startsWith(end, j) && (triple || text.charAt(j) != '\n')) {
                    if (text.charAt(j) == '\\') j++;
                    else if (text.charAt(j) == '\n') line++;
                    j++;
                }
                if (triple && j >= text.length()) {
                    unclosed = true;
                }
                i = j + end.length() - 1;
                codeEnd = Math.min(i + 1, text.length());
            } else if (!Character.isWhitespace(c)) {
                codeEnd = i + 1;
            }
            if (first != null) {
                continue;
            }
            if (c == '{' || c == '(' || c == '[') {
                open.push(new Open(c, line, indent(text, lineStart)));
            } else if (c == '}' || c == ')' || c == ']') {
                char expected = c == '}' ? '{' : c == ')' ? '(' : '[';
                if (open.isEmpty()) {
                    first = new Imbalance("the '" + c + "' at line " + line + " closes nothing", line);
                    continue;
                }
                Open last = open.pop();
                boolean closerStartsLine = text.substring(lineStart, i).isBlank();
                if (c == '}' && last.bracket() == '{' && closerStartsLine && i - lineStart < last.indent()) {
                    // indentation says this brace closes an outer block: the inner one was left open
                    first = new Imbalance("the '{' opened at line " + last.line() + " is never closed", last.line());
                    continue;
                }
                if (last.bracket() != expected) {
                    first = new Imbalance("the '" + last.bracket() + "' opened at line " + last.line() + " is closed by '" + c
                            + "' at line " + line, line);
                }
            }
        }
        if (first != null) {
            return new Scan(first, false, false, codeEnd);
        }
        return open.isEmpty() ? new Scan(null, false, unclosed, codeEnd) : new Scan(new Imbalance("the '" + open.peek().bracket()
                + "' opened at line " + open.peek().line() + " is never closed", open.peek().line()), true, unclosed, codeEnd);
    }

    private static int indent(String text, int lineStart) {
        int i = lineStart;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i - lineStart;
    }
}
