package io.ripcord.cli.repl;

import groovy.lang.Reference;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables a loaded runbook's steps use ({@code def db = sqlite '/app/db.sqlite'} outside the steps), by name,
 * so the operator can type {@code backup db, ...} after {@code :load}. Groovy keeps each variable a closure captures
 * in a field of that name holding a {@link Reference}; those are read, nothing is evaluated again.
 */
final class RunbookScope {

    private RunbookScope() {
    }

    static Map<String, Object> variables(RunbookDefinition runbook) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (StepDefinition step : runbook.steps()) {
            for (Class<?> type = step.body().getClass(); type != null && type != groovy.lang.Closure.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getType() == Reference.class && !field.getName().contains("$")) {
                        try {
                            field.setAccessible(true);
                            out.putIfAbsent(field.getName(), ((Reference<?>) field.get(step.body())).get());
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            // a variable we cannot read is left out; the operator can define it again
                        }
                    }
                }
            }
        }
        return out;
    }
}
