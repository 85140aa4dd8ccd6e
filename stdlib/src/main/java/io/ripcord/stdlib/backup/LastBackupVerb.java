package io.ripcord.stdlib.backup;

import io.ripcord.plan.PlannedAction;
import io.ripcord.verb.ValueVerb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code lastBackup(db)}: the newest backup of a target, from the catalog (or from a directory's manifests with from:). */
public final class LastBackupVerb implements ValueVerb {

    private static final VerbSpec SPEC = Args.lookupSpec("lastBackup")
            .summary("The newest backup of a target, from the catalog, or from the manifests in a directory.")
            .returns(Artifact.class, "the backup, for verify and restore")
            .example("restore lastBackup(sqlite('/app/data/db.sqlite'))")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public boolean dependsOnRun() {
        return true; // a backup step earlier in the same run changes the answer
    }

    /**
     * A plan names the backup a run would take: the newest one now is the newest then, unless the run makes or
     * restores one before this call (a restore's safety copy is a backup too). Without any, the run decides.
     */
    @Override
    public Optional<Object> valueKnownInPlan(VerbCall call, VerbContext context, List<PlannedAction> before) {
        return Args.knownInPlan(before, () -> value(call, context));
    }

    @Override
    public Object value(VerbCall call, VerbContext context) throws VerbFailure, IOException {
        BackupTarget target = Args.target(call, "target", context);
        return Args.backupsOf(target, call, context).stream().findFirst().orElseThrow(() -> new VerbFailure(ProblemCode.BACKUP_MISSING, "no "
                + (call.flag("safety", false) ? "safety copy" : "backup") + " of " + target
                + (call.has("from") ? " in " + call.string("from", "") : " in the catalog") + notCounted(target, call, context),
                "take one with backup, or rebuild the catalog from manifests with `ripcord backups --rescan DIR`"));
    }

    /** What the catalog has of the target that is not a backup to hand back, so "none" is not a mystery. */
    private static String notCounted(BackupTarget target, VerbCall call, VerbContext context) {
        List<io.ripcord.catalog.CatalogEntry> all = context.catalog().bySource(target.id());
        long safety = call.flag("safety", false) ? 0 : all.stream().filter(io.ripcord.catalog.CatalogEntry::safetyCopy).count();
        long failed = call.flag("includeFailed", false) ? 0 : all.stream().filter(e -> e.failedVerify() && !e.safetyCopy()).count();
        List<String> parts = new java.util.ArrayList<>();
        if (failed > 0) {
            parts.add(failed + " that failed verify (includeFailed: true lists them; restore refuses them)");
        }
        if (safety > 0) {
            parts.add(safety + " safety cop" + (safety == 1 ? "y" : "ies") + " (safety: true)");
        }
        // a journal shared by a team catalogs other machines' backups too; theirs are on their disks, not here
        List<io.ripcord.catalog.CatalogEntry> elsewhere = all.stream().filter(e -> !e.safetyCopy() && !e.failedVerify()
                && context.catalog().elsewhere(e.id()).isPresent() && !java.nio.file.Files.exists(Artifact.manifestFileOf(Path.of(e.path())))).toList();
        if (!elsewhere.isEmpty()) {
            io.ripcord.catalog.CatalogEntry newest = elsewhere.get(0);
            parts.add(elsewhere.size() + " on other machines' disks (the newest, " + newest.id() + ", is on the disk of "
                    + context.catalog().elsewhere(newest.id()).orElseThrow() + " at " + newest.path() + ")");
        }
        return parts.isEmpty() ? "" : "; not counted: " + String.join(", ", parts);
    }

    @Override
    public Object journal(Object result) {
        return ArtifactResults.journal((Artifact) result);
    }

    @Override
    public Object restore(Object data) {
        return ArtifactResults.restore(data);
    }
}
