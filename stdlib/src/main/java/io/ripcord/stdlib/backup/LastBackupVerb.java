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
        Optional<Artifact> newest = Args.backupsOf(target, call, context).stream().findFirst();
        if (newest.isPresent()) {
            return newest.get();
        }
        String none = "no " + (call.flag("safety", false) ? "safety copy" : "backup") + " of " + target;
        if (!call.has("from")) {
            throw new VerbFailure(ProblemCode.BACKUP_MISSING, none + " in the catalog" + notCounted(target, call, context),
                    "take one with backup, or rebuild the catalog from manifests with `ripcord backups --rescan DIR`");
        }
        // what is counted is what is in that place: the catalog's entries (local safety copies, other repositories) are elsewhere
        io.ripcord.stdlib.repository.Repository from = io.ripcord.stdlib.repository.RepositoryArgs.one(call, "from");
        List<Artifact> there = from.remote() ? Offsite.list(from, target.id(), context)
                : Args.backupsIn(Args.path(context, from.url().root()), target.id());
        java.util.Set<String> failedIds = new java.util.HashSet<>();
        context.catalog().bySource(target.id()).stream().filter(io.ripcord.catalog.CatalogEntry::failedVerify).forEach(e -> failedIds.add(e.id()));
        long safety = call.flag("safety", false) ? 0 : there.stream().filter(Artifact::safetyCopy).count();
        long failed = call.flag("includeFailed", false) ? 0 : there.stream().filter(a -> !a.safetyCopy() && failedIds.contains(a.id())).count();
        List<String> parts = countedApart(failed, safety);
        throw new VerbFailure(ProblemCode.BACKUP_MISSING, none + " in " + (from.remote() ? from.toString() : call.string("from", ""))
                + (parts.isEmpty() ? "" : "; not counted: " + String.join(", ", parts)),
                from.remote() ? "`ripcord backups --repo " + from.url().text() + "` lists what it holds; ship one there with backup …, to: [DIR, '"
                        + from.url().text() + "'] or copy lastBackup(…), to: '" + from.url().text() + "'"
                        : "take one with backup …, to: '" + call.string("from", "") + "', or look for it elsewhere (`ripcord backups`)");
    }

    /** The not-counted parts that failed verify and that are safety copies, said the same way wherever they were found. */
    private static List<String> countedApart(long failed, long safety) {
        List<String> parts = new java.util.ArrayList<>();
        if (failed > 0) {
            parts.add(failed + " that failed verify (includeFailed: true lists them; restore refuses them)");
        }
        if (safety > 0) {
            parts.add(safety + " safety cop" + (safety == 1 ? "y" : "ies") + " (safety: true)");
        }
        return parts;
    }

    /** What the catalog has of the target that is not a backup to hand back, so "none" is not a mystery. */
    private static String notCounted(BackupTarget target, VerbCall call, VerbContext context) {
        List<io.ripcord.catalog.CatalogEntry> all = context.catalog().bySource(target.id());
        long safety = call.flag("safety", false) ? 0 : all.stream().filter(io.ripcord.catalog.CatalogEntry::safetyCopy).count();
        long failed = call.flag("includeFailed", false) ? 0 : all.stream().filter(e -> e.failedVerify() && !e.safetyCopy()).count();
        List<String> parts = countedApart(failed, safety);
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
