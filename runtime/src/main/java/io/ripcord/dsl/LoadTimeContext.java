package io.ripcord.dsl;

import io.ripcord.catalog.ArtifactCatalog;
import io.ripcord.verb.RunInfo;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbOutput;

import java.nio.file.Path;
import java.util.Map;

/** What a value verb used outside steps (a target) sees while the file loads: read-only, no catalog, no run. */
record LoadTimeContext(Path workingDirectory, Map<String, String> environment) implements VerbContext {

    @Override
    public String step() {
        return null;
    }

    @Override
    public VerbOutput output() {
        return VerbOutput.SILENT;
    }

    @Override
    public ArtifactCatalog catalog() {
        return ArtifactCatalog.NONE;
    }

    @Override
    public RunInfo run() {
        return RunInfo.NONE;
    }

    @Override
    public boolean planning() {
        return true;
    }
}
