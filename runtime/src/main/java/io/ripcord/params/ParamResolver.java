package io.ripcord.params;

import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the text values a user gave ({@code -p key=value}, a params file) into typed parameter values, checked
 * against the runbook's declarations: an unknown name, a missing required value or a value of the wrong type is a
 * problem, reported all at once before anything runs.
 */
public final class ParamResolver {

    private ParamResolver() {
    }

    public static Map<String, Object> resolve(List<ParamSpec> specs, Map<String, String> given, String runbookName) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        List<Problem> problems = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add(new Problem(ProblemCode.UNKNOWN_PARAMETER,
                        "unknown parameter '" + name + "' for runbook " + runbookName, null,
                        NearestNames.to(name, byName.keySet()),
                        byName.isEmpty() ? "this runbook declares no parameters" : "declared: " + String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            String text = given.get(spec.name());
            if (text == null) {
                if (spec.required()) {
                    problems.add(new Problem(ProblemCode.MISSING_PARAMETER,
                            "missing required parameter '" + spec.name() + "'" + describe(spec), spec.location(), List.of(),
                            "pass it with -p " + spec.name() + "=VALUE"));
                }
                values.put(spec.name(), spec.defaultValue());
                continue;
            }
            try {
                values.put(spec.name(), spec.type().fromText(text));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ProblemCode.INVALID_PARAMETER_VALUE,
                        "parameter '" + spec.name() + "' expects " + e.getMessage() + ", got '" + text + "'",
                        null, List.of(), "pass -p " + spec.name() + "=VALUE, where VALUE is " + spec.type().expected));
            }
        }
        if (!problems.isEmpty()) {
            throw new RunbookException(problems);
        }
        return values;
    }

    private static String describe(ParamSpec spec) {
        return spec.description() == null ? "" : " (" + spec.description() + ")";
    }
}
