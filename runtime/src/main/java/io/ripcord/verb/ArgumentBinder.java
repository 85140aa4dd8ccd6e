package io.ripcord.verb;

import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the values of a Groovy call ({@code sh 'make', timeout: 5.minutes} arrives as {@code [[timeout: …], 'make']})
 * to a verb's declared arguments, and checks them: unknown names, missing required ones and wrong types are
 * problems naming the verb and the argument. The caller adds the source location.
 */
public final class ArgumentBinder {

    private ArgumentBinder() {
    }

    public static Map<String, Object> bind(VerbSpec spec, Object[] callArgs) {
        Object[] args = callArgs == null ? new Object[0] : callArgs;
        Map<String, Object> given = new LinkedHashMap<>();
        List<Object> positional = Arrays.asList(args);
        if (args.length > 0 && args[0] instanceof Map<?, ?> named) {
            named.forEach((k, v) -> given.put(String.valueOf(k), v));
            positional = positional.subList(1, positional.size());
        }
        String verb = spec.name();
        List<String> slots = spec.positionals();
        if (positional.size() > slots.size()) {
            throw problem(ProblemCode.INVALID_ARGUMENT, slots.isEmpty() ? verb + " takes only named arguments"
                    : verb + " takes at most " + (slots.size() == 1 ? "one value" : slots.size() + " values")
                    + " before its named arguments (" + String.join(", ", slots) + "), got " + positional.size(), spec);
        }
        for (int i = 0; i < positional.size(); i++) {
            String target = slots.get(i);
            if (given.containsKey(target)) {
                throw problem(ProblemCode.INVALID_ARGUMENT, verb + " got '" + target + "' twice, as its "
                        + (i == 0 ? "first value" : "value #" + (i + 1)) + " and by name", spec);
            }
            given.put(target, positional.get(i));
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            ArgSpec arg = spec.arg(entry.getKey()).orElseThrow(() -> new RunbookException(new Problem(
                    ProblemCode.UNKNOWN_ARGUMENT, "unknown argument '" + entry.getKey() + "' of " + verb, null,
                    NearestNames.to(entry.getKey(), spec.argNames()), arguments(spec))));
            if (entry.getValue() == null) {
                continue;
            }
            if (entry.getValue() instanceof io.ripcord.plan.Deferred) {
                bound.put(arg.name(), entry.getValue()); // a run-time value in a plan: its type is checked when it exists
                continue;
            }
            try {
                bound.put(arg.name(), arg.type().check(entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw problem(ProblemCode.INVALID_ARGUMENT, verb + " argument '" + arg.name() + "' " + e.getMessage(), spec);
            }
        }
        for (String required : spec.requiredNames()) {
            if (!bound.containsKey(required)) {
                throw problem(ProblemCode.MISSING_ARGUMENT, verb + " needs '" + required + "'", spec);
            }
        }
        return bound;
    }

    private static RunbookException problem(ProblemCode code, String message, VerbSpec spec) {
        return new RunbookException(new Problem(code, message, null, List.of(), arguments(spec)));
    }

    private static String arguments(VerbSpec spec) {
        return spec.argNames().isEmpty() ? spec.name() + " takes no arguments"
                : spec.name() + " takes " + String.join(", ", spec.argNames()) + "; see `ripcord help " + spec.name() + "`";
    }
}
