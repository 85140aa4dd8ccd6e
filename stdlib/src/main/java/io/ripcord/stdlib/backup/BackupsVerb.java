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
            .returns(List.class, "a list of backups (possibly empty), newest first")
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

    /** Like lastBackup's: the backups there are now, unless the run makes or restores one before this call. */
    @Override
    public java.util.Optional<Object> valueKnownInPlan(VerbCall call, VerbContext context, List<io.ripcord.plan.PlannedAction> before) {
        return Args.knownInPlan(before, () -> value(call, context));
    }

    @Override
    public Object value(VerbCall call, VerbContext context) throws IOException, io.ripcord.verb.VerbFailure {
        return Args.backupsOf(Args.target(call, "target", context), call, context);
    }

    @Override
    public Object journal(Object result) {
        List<?> artifacts = (List<?>) result;
        return artifacts.stream().map(a -> ArtifactResults.journal((Artifact) a)).toList();
    }

    @Override
    public Object restore(Object data) {
        return ((List<?>) data).stream().map(ArtifactResults::restore).toList();
    }
}
