package io.ripcord.verb;

import groovy.lang.GString;
import org.codehaus.groovy.runtime.GStringImpl;

/**
 * Turns the text a runbook gives (a String, or a GString such as {@code "step $i on ${params.target}"}) into a String.
 *
 * <p>Why not {@code GString.toString()}: Groovy renders every interpolated value through {@code FormatHelper}, whose
 * first use initialises the compiler's {@code ResolveVisitor}, which walks every class of the jar and of
 * {@code java.base} to list the default imports — about 85 ms of a 0.4 s {@code ripcord plan}, spent to print
 * {@code "step 1"}. For the values runbooks interpolate (text, numbers, booleans, enums, paths, Ripcord's own
 * values) Groovy's rendering is exactly their {@code toString()}, so they are rendered here; anything Groovy
 * formats its own way (lists, maps, arrays, ranges, closures, writables, streams) still goes through Groovy.
 */
public final class Text {
    private Text() {
    }

    /** {@code value} as a String when it is text (a GString rendered as above), else unchanged. */
    public static Object plain(Object value) {
        return value instanceof CharSequence text ? of(text) : value;
    }

    public static String of(CharSequence text) {
        if (!(text instanceof GString given)) {
            return text.toString();
        }
        // a frozen copy: reading the parts of a GStringImpl itself would switch off its cached rendering for good
        GString gstring = given instanceof GStringImpl impl ? impl.freeze() : given;
        String[] strings = gstring.getStrings();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < strings.length; i++) {
            out.append(strings[i]);
            if (i < gstring.getValueCount()) {
                Object value = gstring.getValue(i);
                if (value instanceof GString nested) {
                    out.append(of(nested));
                } else if (value == null || renderedAsToString(value.getClass())) {
                    out.append(value);
                } else {
                    return given.toString();
                }
            }
        }
        return out.toString();
    }

    private static boolean renderedAsToString(Class<?> type) {
        if (groovy.lang.Closure.class.isAssignableFrom(type) || groovy.lang.Writable.class.isAssignableFrom(type)
                || java.util.Map.class.isAssignableFrom(type) || java.util.Collection.class.isAssignableFrom(type)
                || java.io.InputStream.class.isAssignableFrom(type) || java.io.Reader.class.isAssignableFrom(type)) {
            return false; // formatted by Groovy: a closure is called, a writable writes itself, a stream is read, lists show [a, b]
        }
        return CharSequence.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type) || type == Boolean.class
                || type == Character.class || Enum.class.isAssignableFrom(type)
                || java.nio.file.Path.class.isAssignableFrom(type) || type == java.io.File.class
                || java.time.temporal.TemporalAccessor.class.isAssignableFrom(type)
                || type == java.time.Duration.class || type.getName().startsWith("io.ripcord.");
    }
}
