package io.ripcord.cli.repl;

import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbRegistry;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Colours what is typed: shell commands, verbs, targets, named arguments ({@code to:}), strings, numbers with their
 * units ({@code 30.seconds}) and comments; session variables underlined. Plain text on a dumb terminal.
 */
final class ReplHighlighter implements Highlighter {

    static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle VERB = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    static final AttributedStyle TARGET = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle ARGUMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    static final AttributedStyle VARIABLE = AttributedStyle.DEFAULT.underline();

    private final Supplier<VerbRegistry> verbs;
    private final Map<String, Object> variables;

    ReplHighlighter(Supplier<VerbRegistry> verbs, Map<String, Object> variables) {
        this.verbs = verbs;
        this.variables = variables;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder out = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith(":")) {
            int end = buffer.indexOf(' ') < 0 ? buffer.length() : buffer.indexOf(' ');
            out.styled(COMMAND, buffer.substring(0, end)).append(buffer.substring(end));
            return out.toAttributedString();
        }
        int i = 0;
        while (i < buffer.length()) {
            char c = buffer.charAt(i);
            int end;
            if (c == '/' && buffer.startsWith("//", i)) {
                end = lineEnd(buffer, i);
                out.styled(COMMENT, buffer.substring(i, end));
            } else if (c == '\'' || c == '"') {
                end = stringEnd(buffer, i);
                out.styled(STRING, buffer.substring(i, end));
            } else if (Character.isDigit(c)) {
                end = i;
                while (end < buffer.length() && (Character.isLetterOrDigit(buffer.charAt(end)) || buffer.charAt(end) == '.')) end++;
                out.styled(NUMBER, buffer.substring(i, end));
            } else if (Character.isJavaIdentifierStart(c)) {
                end = i;
                while (end < buffer.length() && Character.isJavaIdentifierPart(buffer.charAt(end))) end++;
                String word = buffer.substring(i, end);
                out.styled(style(word, buffer, end), word);
            } else {
                end = i + 1;
                out.append(c);
            }
            i = end;
        }
        return out.toAttributedString();
    }

    private AttributedStyle style(String word, String buffer, int end) {
        if (end < buffer.length() && buffer.charAt(end) == ':') {
            return ARGUMENT;
        }
        var verb = verbs.get().find(word);
        if (verb.isPresent()) {
            return verb.get() instanceof ValueVerb ? TARGET : VERB;
        }
        return variables.containsKey(word) ? VARIABLE : AttributedStyle.DEFAULT;
    }

    private static int lineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    private static int stringEnd(String text, int from) {
        char quote = text.charAt(from);
        String end = text.startsWith(String.valueOf(quote).repeat(3), from) ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        int j = from + end.length();
        while (j < text.length() && !text.startsWith(end, j)) {
            j += text.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(text.length(), j + end.length());
    }
}
