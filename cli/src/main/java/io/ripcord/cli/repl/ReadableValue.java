package io.ripcord.cli.repl;

import io.ripcord.units.Values;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A command's result as the REPL prints it after {@code = }. Values that say what they are (a backup, a target, a
 * command's output) print as they do everywhere; a result that would print as a record's raw form
 * ({@code Verification[artifact=…, checks=[…], queryValue=null]}) prints as its name and one line per field set.
 */
final class ReadableValue {

    private ReadableValue() {
    }

    static String of(Object value) {
        String plain = Values.format(value);
        if (!(value instanceof Record record) || !rawRecordForm(record, plain)) {
            return plain;
        }
        StringBuilder out = new StringBuilder(record.getClass().getSimpleName());
        Map<String, Object> set = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object field = read(record, c);
            if (field != null) {
                set.put(c.getName(), field); // unset: nothing to read
            }
        }
        int width = set.keySet().stream().mapToInt(String::length).max().orElse(0);
        set.forEach((name, field) -> {
            String text = field instanceof Collection<?> items
                    ? String.join("; ", items.stream().map(Values::format).toList())
                    : Values.format(field);
            out.append("\n    ").append(name).append(" ".repeat(width - name.length())).append("  ").append(text);
        });
        return out.toString();
    }

    /** True when the text is what Java's own record toString makes: {@code Name[a=…, b=…]}. */
    private static boolean rawRecordForm(Record record, String text) {
        return Pattern.compile(Pattern.quote(record.getClass().getSimpleName()) + "\\[.*]", Pattern.DOTALL).matcher(text).matches();
    }

    private static Object read(Record record, RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true); // a result type need not be public to be printed
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "<" + e.getClass().getSimpleName() + ">";
        }
    }
}
