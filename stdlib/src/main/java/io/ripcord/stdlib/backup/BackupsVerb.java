package io.ripcord.stdlib.backup;

import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbSpec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code backups(db)}: every backup of a target, newest first, from the catalog (or a directory's manifests with from:). */
public final class BackupsVerb implements ValueVerb {

    private static final VerbSpec SPEC = Args.lookupSpec("backups")
            .summary("Every backup of a target, newest first, from the catalog or from the manifests in a directory.")
            .returns("a list of backups (possibly empty), newest first")
            .example("log \"${backups(sqlite('/app/data/db.sqlite')).size()} backups of the database\"")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public boolean dependsOnRun() {
        return true;
    }

    @Override
    public Object value(VerbCall call, VerbContext context) throws IOException, io.ripcord.verb.VerbFailure {
        return Args.backupsOf(Args.target(call, "target"), call, context);
    }

    @Override
    public Object journal(Object result) {
        List<?> artifacts = (List<?>) result;
        return artifacts.stream().map(a -> Map.of("manifest", ((Artifact) a).manifestFile().toString())).toList();
    }

    @Override
    public Object restore(Object data) {
        return ((List<?>) data).stream().map(ArtifactResults::restore).toList();
    }
}
