package io.ripcord.cli.repl;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * JLine's parser for runbook code: Enter on input that {@linkplain MultiLineInput awaits more} (an open closure or
 * bracket, a triple-quoted string, a trailing comma) continues on the next line (EOFError); words for completion
 * are split at brackets, commas and dots too, so {@code lastBackup(d}, {@code params.im} and {@code db,to} complete.
 */
final class ReplParser extends DefaultParser {

    ReplParser() {
        setEscapeChars(new char[0]); // backslashes belong to Groovy strings, not to the line editor
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && MultiLineInput.awaitsMore(line)) {
            throw new EOFError(-1, cursor, "input goes on", "more");
        }
        return super.parse(line, cursor, context);
    }

    @Override
    public boolean isDelimiterChar(CharSequence buffer, int pos) {
        char c = buffer.charAt(pos);
        return Character.isWhitespace(c) || "(),[]{};.+=".indexOf(c) >= 0;
    }
}
