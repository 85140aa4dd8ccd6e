package io.ripcord.secret;

import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.problem.SourceLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code secret('DB_PASSWORD')}: the environment variable of that name, or {@code secret('DB_PASSWORD', file:
 * '/run/secrets/db')}: the file's content (one trailing newline dropped). Every value is registered with the
 * redactor before the runbook sees it; it is resolved again on every load, so a resume never needs it journaled.
 */
public final class SecretResolver {

    private static final int MIN_LENGTH = 4;

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Redactor redactor;

    public SecretResolver(Map<String, String> environment, Path workingDirectory, Redactor redactor) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.redactor = redactor;
    }

    public String resolve(String name, String file, SourceLocation where) {
        String value;
        if (file != null) {
            try {
                value = Files.readString(workingDirectory.resolve(file));
                value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            } catch (IOException e) {
                throw missing(name, "its file " + file + " cannot be read", "check the path given as file:", where);
            }
        } else {
            value = environment.get(name);
            if (value == null) {
                throw missing(name, "the environment variable " + name + " is not set",
                        "export " + name + "=... before running, or use secret('" + name + "', file: 'PATH')", where);
            }
        }
        if (value.length() < MIN_LENGTH) {
            throw missing(name, "its value is shorter than " + MIN_LENGTH + " characters, too short to mask safely",
                    "use a real secret value", where);
        }
        redactor.register(name, value);
        return value;
    }

    private static RunbookException missing(String name, String why, String next, SourceLocation where) {
        return new RunbookException(Problem.of(ProblemCode.MISSING_SECRET, "secret '" + name + "' is not available: " + why, where)
                .withNext(next));
    }
}
