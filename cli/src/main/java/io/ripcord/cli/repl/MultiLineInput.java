package io.ripcord.cli.repl;

import io.ripcord.dsl.BracketBalance;

/**
 * When typed input is not finished yet and goes on on the next line: a bracket still open (a closure, a map, a
 * list), a triple-quoted string, or a trailing comma before the next named argument. A single-quoted string cannot
 * span lines in Groovy, so an unclosed one is evaluated and reported, not waited for. REPL commands are one line.
 */
final class MultiLineInput {

    private MultiLineInput() {
    }

    static boolean awaitsMore(String text) {
        if (text.stripLeading().startsWith(":")) {
            return false;
        }
        return BracketBalance.awaitsMore(text) || text.stripTrailing().endsWith(",");
    }
}
