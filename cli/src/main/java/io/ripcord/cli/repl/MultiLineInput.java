package io.ripcord.cli.repl;

import io.ripcord.dsl.BracketBalance;

/**
 * When typed input is not finished yet and goes on on the next line: a bracket still open (a closure, a map, a
 * list), a triple-quoted string, or a trailing comma or operator (the next named argument, the rest of an expression). A single-quoted string cannot
 * span lines in Groovy, so an unclosed one is evaluated and reported, not waited for. REPL commands are one line.
 */
final class MultiLineInput {

    /** Line ends that cannot end a statement: a comma, a binary operator, an assignment, a dot (but i++ and i-- can). */
    private static final java.util.List<String> CONTINUATIONS = java.util.List.of(",", "+", "-", "*", "&&", "||", "=", ".");

    private MultiLineInput() {
    }

    static boolean awaitsMore(String text) {
        if (text.stripLeading().startsWith(":")) {
            return false;
        }
        // what the code ends with, not a trailing comment: `log 'done' // retry later...` is finished
        String end = BracketBalance.withoutTrailingComment(text);
        String lastLine = end.substring(end.lastIndexOf('\n') + 1).strip();
        return BracketBalance.awaitsMore(text) || CONTINUATIONS.stream().anyMatch(end::endsWith)
                && !end.endsWith("++") && !end.endsWith("--") && !lastLine.startsWith("import "); // import java.time.*
    }
}
