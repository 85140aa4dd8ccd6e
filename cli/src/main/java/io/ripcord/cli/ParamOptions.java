package io.ripcord.cli;

import groovy.json.JsonSlurper;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.params.ParamResolver;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code -p key=value} (repeatable) and {@code --params-file FILE} (a JSON object, or {@code key=value} lines with
 * {@code #} comments). Values from {@code -p} win over the file's.
 */
public final class ParamOptions {

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A parameter value; repeat for more.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--params-file", paramLabel = "FILE", description = "Parameter values from a JSON object or key=value lines.")
    String paramsFile;

    /** Typed values for the runbook's parameters, or a problem for every unknown, missing or malformed one. */
    Map<String, Object> resolve(RunbookDefinition runbook, Path cwd) {
        return ParamResolver.resolve(runbook.params(), given(cwd), runbook.id());
    }

    /** The values as the user typed them (file, then -p): what the journal keeps, so a resume resolves them again. */
    Map<String, String> given(Path cwd) {
        Map<String, String> given = new LinkedHashMap<>();
        if (paramsFile != null) {
            given.putAll(readFile(cwd.resolve(paramsFile), paramsFile));
        }
        given.putAll(values);
        return given;
    }

    static Map<String, String> readFile(Path path, String shown) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunbookException(Problem.of(ProblemCode.FILE_NOT_READABLE, "cannot read params file " + shown
                    + (e instanceof java.nio.file.NoSuchFileException ? ": no such file" : ": " + e.getMessage()), null)
                    .withNext("check the path given to --params-file"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (text.stripLeading().startsWith("{")) {
            Object parsed;
            try {
                parsed = new JsonSlurper().parseText(text);
            } catch (RuntimeException e) {
                throw malformed(shown, "it starts with '{' but is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            ((Map<?, ?>) parsed).forEach((k, v) -> {
                if (v instanceof Map || v instanceof java.util.List) {
                    throw malformed(shown, "parameter '" + k + "' must be a string, number or boolean");
                }
                out.put(String.valueOf(k), String.valueOf(v));
            });
            return out;
        }
        int n = 0;
        for (String line : text.split("\\R")) {
            n++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw malformed(shown + ":" + n, "expected key=value, got '" + trimmed + "'");
            }
            out.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
        }
        return out;
    }

    private static RunbookException malformed(String where, String what) {
        return new RunbookException(Problem.of(ProblemCode.FILE_NOT_READABLE, "params file " + where + ": " + what, null)
                .withNext("write a JSON object {\"key\": \"value\"} or key=value lines"));
    }
}
