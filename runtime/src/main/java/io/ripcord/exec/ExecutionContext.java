package io.ripcord.exec;

import io.ripcord.catalog.ArtifactCatalog;
import io.ripcord.verb.RunInfo;
import io.ripcord.verb.StageLog;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbOutput;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.ripcord.verb.PastCall;
import io.ripcord.secret.Redactor;

/** The {@link VerbContext} of one verb call. */
public record ExecutionContext(String step, Path workingDirectory, Map<String, String> environment, VerbOutput output,
                               ArtifactCatalog catalog, RunInfo run, boolean planning, List<PastCall> history,
                               Redactor redactor, StageLog stages) implements VerbContext {

    /** This context, journaling the stages of its call through {@code log}. */
    public ExecutionContext withStages(StageLog log) {
        return new ExecutionContext(step, workingDirectory, environment, output, catalog, run, planning, history, redactor, log);
    }

    @Override
    public String redact(String text) {
        return redactor.redact(text);
    }

    @Override
    public Map<String, String> secrets() {
        return redactor.valuesByName();
    }

    /** The setting a run or plan gives every call: where it runs, its environment, catalog and run. */
    public record Setting(Path workingDirectory, Map<String, String> environment, ArtifactCatalog catalog, RunInfo run,
                          List<PastCall> history) {

        public Setting {
            environment = Map.copyOf(environment);
        }

        /** A setting with an empty history that the runner fills as calls complete. */
        public Setting(Path workingDirectory, Map<String, String> environment, ArtifactCatalog catalog, RunInfo run) {
            this(workingDirectory, environment, catalog, run, new java.util.concurrent.CopyOnWriteArrayList<>());
        }

        public static Setting of(Path workingDirectory, Map<String, String> environment) {
            return new Setting(workingDirectory, environment, ArtifactCatalog.NONE, RunInfo.NONE);
        }

        public ExecutionContext forCall(String step, VerbOutput output, boolean planning) {
            return forCall(step, output, planning, new Redactor());
        }

        /** {@code redactor} knows the run's secrets: masked in what a verb sends elsewhere, kept out of command lines. */
        public ExecutionContext forCall(String step, VerbOutput output, boolean planning, Redactor redactor) {
            return new ExecutionContext(step, workingDirectory, environment, output, catalog, run, planning,
                    planning ? List.of() : java.util.Collections.unmodifiableList(history), redactor, StageLog.NONE);
        }
    }
}
