package io.ripcord.stdlib.backup;

import groovy.lang.Closure;
import io.ripcord.problem.SourceLocation;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How an {@code expect:} reads in a message: a value as itself, a closure as the source text the runbook wrote
 * ({@code { it > 1000 }}), read back from the call's file, since a compiled closure keeps no text of its own and a
 * failure that prints "does not meet expect:" and nothing after it leaves the operator guessing.
 */
public final class ExpectationText {

    private static final int MAX_LINES = 20;

    private ExpectationText() {
    }

    /** The {@code expect:} of {@code call}, with a closure wrapped so that its {@code toString()} is its source. */
    public static Object of(VerbCall call, VerbContext context) {
        Object expect = call.value("expect");
        if (!(expect instanceof Closure<?> closure)) {
            return expect;
        }
        String text = source(call.location(), context.workingDirectory());
        return text == null ? expect : new Described(closure, text);
    }

    /** For a message: the value, or the closure's text, or "a closure" when its text is unknown. */
    public static String describe(Object expect) {
        if (expect instanceof Described d) {
            return d.text;
        }
        return expect instanceof Closure<?> ? "a closure (its text is not available)" : String.valueOf(expect);
    }

    /** The balanced {@code { ... }} after the first {@code expect:} at or after the call's line, or null. */
    static String source(SourceLocation where, Path workingDirectory) {
        if (where == null || where.line() <= 0 || where.file() == null) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(workingDirectory.resolve(where.file()));
        } catch (IOException | RuntimeException e) {
            return null; // a REPL line or a moved file: the message says "a closure"
        }
        String text = String.join("\n", lines.subList(Math.min(where.line() - 1, lines.size()),
                Math.min(where.line() - 1 + MAX_LINES, lines.size())));
        int at = text.indexOf("expect:");
        int open = at < 0 ? -1 : text.indexOf('{', at);
        if (open < 0 || !text.substring(at + "expect:".length(), open).isBlank()) {
            return null;
        }
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(open, i + 1).replaceAll("\\s*\\n\\s*", " ");
            }
        }
        return null;
    }

    /** The runbook's closure, unchanged in what it does, with its source text for messages. */
    static final class Described extends Closure<Object> {
        private final Closure<?> target;
        private final String text;

        Described(Closure<?> target, String text) {
            super(target.getOwner(), target.getThisObject());
            this.target = target;
            this.text = text;
            this.maximumNumberOfParameters = target.getMaximumNumberOfParameters();
            this.parameterTypes = target.getParameterTypes();
        }

        public Object doCall(Object... args) {
            return target.call(args);
        }

        @Override
        public Object call(Object... args) {
            return target.call(args);
        }

        @Override
        public Object call(Object arg) {
            return target.call(arg);
        }

        @Override
        public Object call() {
            return target.call();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
