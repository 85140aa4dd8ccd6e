package io.ripcord.exec;

import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbOutput;

import java.nio.file.Path;
import java.util.Map;

/** The {@link VerbContext} of one verb call. */
public record ExecutionContext(String step, Path workingDirectory, Map<String, String> environment, VerbOutput output)
        implements VerbContext {
}
