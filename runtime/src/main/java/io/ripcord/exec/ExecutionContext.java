package io.ripcord.exec;

import io.ripcord.catalog.ArtifactCatalog;
import io.ripcord.verb.RunInfo;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbOutput;

import java.nio.file.Path;
import java.util.Map;

/** The {@link VerbContext} of one verb call. */
public record ExecutionContext(String step, Path workingDirectory, Map<String, String> environment, VerbOutput output,
                               ArtifactCatalog catalog, RunInfo run, boolean planning) implements VerbContext {

    /** The setting a run or plan gives every call: where it runs, its environment, catalog and run. */
    public record Setting(Path workingDirectory, Map<String, String> environment, ArtifactCatalog catalog, RunInfo run) {

        public Setting {
            environment = Map.copyOf(environment);
        }

        public static Setting of(Path workingDirectory, Map<String, String> environment) {
            return new Setting(workingDirectory, environment, ArtifactCatalog.NONE, RunInfo.NONE);
        }

        public ExecutionContext forCall(String step, VerbOutput output, boolean planning) {
            return new ExecutionContext(step, workingDirectory, environment, output, catalog, run, planning);
        }
    }
}
