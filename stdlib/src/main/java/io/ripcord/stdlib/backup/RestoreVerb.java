package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code restore lastBackup(db)}: one {@link RestorePipeline} of named stages ({@link RestoreStage}) whatever the
 * target: match the catalog, stage (verify while unpacking), guard, safety copy, replace, sweep. Files, databases and
 * trees restore through {@link PathRestore}; a server target ({@link ServerTarget}) brings its own stages.
 */
public final class RestoreVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("restore")
            .summary("Restore a verified backup over its source (or to:), after a safety backup of the current state.")
            .positional("backup")
            .required("backup", ArgType.ANY, "the backup: what backup or lastBackup(target) returns")
            .optional("to", ArgType.ANY, "the backup's source", "restore somewhere else instead: a path, or for postgres a database name or postgres(...)")
            .optional("manifestKey", ArgType.STRING, "this home's key", "the key a backup from elsewhere was sealed with: secret('NAME')")
            .optional("trust", ArgType.STRING, "'catalog'", "'manifest': restore a backup the catalog does not know, trusting its unsealed manifest")
            .optional("identity", ArgType.STRING, "none", "an encrypted copy's age identity, the key file's text: secret('AGE_KEY')")
            .optional("safety", ArgType.STRING, "'auto'", "the safety copy's form: 'plain' (stored as is: fastest, as large as the target),"
                    + " 'compressed' (gzip on every core, or the backup's compression) or 'auto' (plain when its directory has room, else compressed)")
            .optional("keepSafety", ArgType.INTEGER, "3", "how many safety copies of the target to keep (the newest); older ones are deleted")
            .optional("force", ArgType.BOOLEAN, "false", "replace the target even while a process has it open or a running container"
                    + " mounts it (a directory is then restored in place, so its mounts see the restored content)")
            .returns(Restored.class, "what was restored where, and the safety copy taken first")
            .example("restore lastBackup(sqlite('/app/data/db.sqlite'))")
            .build();

    /**
     * What a restore did; {@code sessions}: the database sessions it terminated (database servers only);
     * {@code backupCreated} (when the backup was taken) is the rollback's RPO anchor.
     */
    public record Restored(String backup, String target, String safetyCopy, List<String> sessions, java.time.Instant backupCreated,
                           String safetyForm) implements io.ripcord.verb.RestorePoint {
        public Restored(String backup, String target, String safetyCopy) {
            this(backup, target, safetyCopy, List.of(), null);
        }

        public Restored(String backup, String target, String safetyCopy, List<String> sessions, java.time.Instant backupCreated) {
            this(backup, target, safetyCopy, sessions, backupCreated, null);
        }

        public Restored(String backup, String target, String safetyCopy, List<String> sessions) {
            this(backup, target, safetyCopy, sessions, null);
        }

        public Restored taken(java.time.Instant created) {
            return new Restored(backup, target, safetyCopy, sessions, created, safetyForm);
        }

        /** The safety copy's form ({@code plain} or {@code compressed}; null without one, or for a server target). */
        public Restored safetyForm(String form) {
            return new Restored(backup, target, safetyCopy, sessions, backupCreated, form);
        }

        @Override
        public java.time.Instant dataAsOf() {
            return backupCreated;
        }
    }

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        Artifact artifact = call.value("backup") instanceof Artifact a ? a : null;
        Optional<String> fetch = artifact == null ? Optional.empty() : Offsite.plannedFetch(artifact, context);
        PlannedAction planned = stages(localPlan(call, context, artifact), fetch);
        // what the run's match stage will refuse, the plan says: a backup that failed verify is never restored
        return Optional.ofNullable(artifact).flatMap(a -> context.catalog().byId(a.id())).filter(e -> e.failedVerify())
                .map(e -> planned.detail("refused", "the run refuses it (VERIFICATION_FAILED): it failed verify at "
                        + e.verification().at() + ": " + e.verification().failure())).orElse(planned);
    }

    private PlannedAction localPlan(VerbCall call, VerbContext context, Artifact artifact) {
        if (artifact != null && artifact.source() instanceof ServerTarget server) {
            return server.planRestore(artifact, call.value("to"), context);
        }
        String what = artifact != null ? artifact.toString() : String.valueOf(call.value("backup"));
        Path target = artifact != null ? destination(call, context, artifact) : null;
        PlannedAction action = PlannedAction.of(ActionKind.CHANGE, "restore " + what + (target == null ? "" : " over " + target))
                .detail("first", "full verification; refused if it fails");
        if (target != null) {
            action = action.detail("safety copy", Files.exists(target) ? "the current " + target.getFileName() + " is backed up first, "
                    + SafetyForm.choose(SafetyForm.requested(call), PathRestore.currentAt(artifact, target), SafetyCopy.dirFor(artifact, context),
                    artifact.compression(), context).describe()
                    : "none (" + target + " does not exist)");
        }
        return action;
    }

    /**
     * Every restore's plan names the stages its run journals, in their order, then the fetch from a repository when
     * there is one (it comes before everything else the restore does).
     */
    private static PlannedAction stages(PlannedAction action, Optional<String> fetch) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("stages", RestoreStage.line());
        fetch.ifPresent(how -> details.put("fetch", how));
        details.putAll(action.details());
        return new PlannedAction(action.kind(), action.summary(), details, action.verb(), action.line(), action.args());
    }

    /** A backup read from a repository is fetched first (streamed, hashed, checked), then restored as a local one. */
    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure, IOException {
        Artifact given = Args.artifact(call, "backup");
        String identity = call.string("identity", null);
        EncryptedCopy.requireIdentity(given, identity, context);
        Offsite.fetch(given, identity, context);
        // an increment read from a repository restores only with the full backup it builds on: fetched from there too
        Artifact base = given.incremental() && Offsite.origin(given.file(), context).isPresent() ? baseOf(given) : null;
        try {
            if (base != null) {
                Offsite.fetch(base, identity, context);
            }
            RestorePipeline pipeline = new RestorePipeline(context);
            StagedRestore restore = pipeline.run(RestoreStage.MATCH, () -> match(call, context));
            return pipeline.through(restore);
        } finally {
            Offsite.discardFetched(given, context);
            if (base != null) {
                Offsite.discardFetched(base, context);
            }
        }
    }

    /**
     * The match stage: the right artifact, unchanged since backup, not failed by a verify (its checks come along), and
     * for an incremental the full backup it builds on; then the restore for its kind of target.
     */
    private static StagedRestore match(VerbCall call, VerbContext context) throws VerbFailure {
        CatalogMatch.Restorable matched = CatalogMatch.forRestore(Args.artifact(call, "backup"), Args.trust(call), context);
        Artifact artifact = matched.artifact();
        int keepSafety = keepSafety(call);
        if (artifact.source() instanceof ServerTarget server) {
            if (call.has("safety")) {
                throw Args.invalid(call, "restore safety: chooses the form of a file's, SQLite database's or directory's safety copy;"
                        + " " + server + " takes its own (a dump)");
            }
            return server.restoring(artifact, call.value("to"), context);
        }
        Artifact base = artifact.incremental() ? CatalogMatch.match(baseOf(artifact), Args.trust(call), context).artifact() : null;
        return new PathRestore(matched, base, destination(call, context, artifact), call.flag("force", false), keepSafety,
                SafetyForm.requested(call), context);
    }

    private static int keepSafety(VerbCall call) {
        long keep = call.integer("keepSafety", SafetyCopy.KEEP);
        if (keep < 1) {
            throw Args.invalid(call, "restore keepSafety: must be at least 1 (the safety copy this restore takes), got " + keep);
        }
        return (int) keep;
    }

    private static Path destination(VerbCall call, VerbContext context, Artifact artifact) {
        if (call.has("to") && !(call.value("to") instanceof CharSequence)) {
            throw Args.invalid(call, "restore to: for " + artifact.source() + " is a path, got " + call.value("to"));
        }
        return call.has("to") ? Args.path(context, call.string("to", ".")) : ((BackupTarget.PathTarget) artifact.source()).path();
    }

    private static Artifact baseOf(Artifact incremental) throws VerbFailure {
        Path baseFile = incremental.file().resolveSibling(incremental.baseFile());
        try {
            return Artifact.read(Artifact.manifestFileOf(baseFile));
        } catch (IOException | RuntimeException e) {
            throw new VerbFailure(ProblemCode.BACKUP_MISSING, "refusing to restore " + incremental.id() + ": the full backup it builds on (" + baseFile
                    + ") is missing or has no manifest", "restore a full backup instead (`ripcord backups` lists them)");
        }
    }

    @Override
    public Object journal(Object result) {
        Restored r = (Restored) result;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("backup", r.backup());
        data.put("target", r.target());
        data.put("safetyCopy", r.safetyCopy());
        if (!r.sessions().isEmpty()) {
            data.put("sessions", r.sessions());
        }
        if (r.backupCreated() != null) {
            data.put("backupCreated", r.backupCreated().toString());
        }
        if (r.safetyForm() != null) {
            data.put("safetyForm", r.safetyForm());
        }
        return data;
    }

    @Override
    public Object restore(Object data) {
        Map<?, ?> m = (Map<?, ?>) data;
        List<String> sessions = m.get("sessions") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new Restored((String) m.get("backup"), (String) m.get("target"), (String) m.get("safetyCopy"), sessions,
                m.get("backupCreated") == null ? null : java.time.Instant.parse((String) m.get("backupCreated")), (String) m.get("safetyForm"));
    }
}
