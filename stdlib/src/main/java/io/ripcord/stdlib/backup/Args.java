package io.ripcord.stdlib.backup;

import io.ripcord.catalog.CatalogEntry;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The arguments the backup family shares, read with errors that say what was expected. */
final class Args {

    private Args() {
    }

    /** The target the argument names, a {@link TargetReference} (a volume) resolved now: asked of what knows where it is. */
    static BackupTarget target(VerbCall call, String arg, VerbContext context) throws VerbFailure {
        Object value = call.value(arg);
        if (value instanceof TargetReference reference) {
            try {
                return reference.resolve(context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VerbFailure("interrupted while looking up " + reference, "run it again");
            }
        }
        if (value instanceof BackupTarget target) {
            return target;
        }
        throw invalid(call, call.verb() + " needs a target — sqlite('path'), postgres('url'), dir('path'), volume('name'), file('path') or image('name:tag') — got " + describe(value));
    }

    static Artifact artifact(VerbCall call, String arg) {
        Object value = call.value(arg);
        if (value instanceof Artifact artifact) {
            return artifact;
        }
        throw invalid(call, call.verb() + " needs a backup — what backup or lastBackup(target) returns — got " + describe(value));
    }

    /** trust: and manifestKey: of verify and restore: how far a manifest is believed when the catalog does not vouch for it. */
    static CatalogMatch.Trust trust(VerbCall call) {
        String trust = call.string("trust", "catalog");
        if (!trust.equals("catalog") && !trust.equals("manifest")) {
            throw invalid(call, call.verb() + " trust: is 'catalog' (the default) or 'manifest', got '" + trust + "'");
        }
        return new CatalogMatch.Trust(call.string("manifestKey", null), trust.equals("manifest"));
    }

    /** What the full read checks the content against, and how a wrong SHA-256 is named. */
    static Verifier.Expectation expectation(CatalogMatch.Matched matched, VerbContext context) {
        return new Verifier.Expectation(matched.entry() != null ? "the catalog" : "the manifest",
                sha -> CatalogMatch.whoseContent(context.catalog(), sha), context.output());
    }

    static Compression compression(VerbCall call, BackupTarget target) {
        try {
            return call.has("compress") || !(target instanceof ServerTarget server) ? Compression.named(call.string("compress", "gzip"))
                    : server.defaultCompression();
        } catch (IllegalArgumentException e) {
            throw invalid(call, call.verb() + " " + e.getMessage());
        }
    }

    static Path path(VerbContext context, String path) {
        return context.workingDirectory().resolve(path).toAbsolutePath().normalize();
    }

    /** The complete backups (those with a manifest) of one source in a directory; unreadable manifests are skipped. */
    static List<Artifact> backupsIn(Path dir, String sourceId) throws IOException {
        List<Artifact> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> manifests = Files.newDirectoryStream(dir, "*" + Artifact.MANIFEST_SUFFIX)) {
            for (Path manifest : manifests) {
                try {
                    Artifact artifact = Artifact.read(manifest);
                    if (sourceId == null || artifact.source().id().equals(sourceId)) {
                        out.add(artifact);
                    }
                } catch (IOException | RuntimeException e) {
                    // not ours, or damaged: retention never deletes what it cannot read
                }
            }
        }
        return out;
    }

    /** The arguments of a catalog lookup (lastBackup, backups): the target, and optionally a directory to read instead. */
    static io.ripcord.verb.VerbSpec.Builder lookupSpec(String name) {
        return io.ripcord.verb.VerbSpec.named(name).positional("target")
                .required("target", io.ripcord.verb.ArgType.ANY, "sqlite('path'), postgres('url'), dir('path'), file('path') or image('name:tag')")
                .optional("from", io.ripcord.verb.ArgType.PLACE, "the catalog", "a backup directory or repository (s3://…) to read manifests from instead")
                .optional("safety", io.ripcord.verb.ArgType.BOOLEAN, "false", "true: restore's safety copies instead of backups")
                .optional("includeFailed", io.ripcord.verb.ArgType.BOOLEAN, "false", "true: also backups that failed verify (restore still refuses them)");
    }

    /**
     * A target's backups, newest first: from the catalog (as it recorded them at backup time), or from the manifests
     * in {@code from:} when given. Safety copies only with {@code safety: true}, and then only they; backups that
     * failed verify only with {@code includeFailed: true}.
     */
    static List<Artifact> backupsOf(BackupTarget target, VerbCall call, VerbContext context) throws IOException, VerbFailure {
        boolean safety = call.flag("safety", false);
        boolean failed = call.flag("includeFailed", false);
        List<CatalogEntry> cataloged = context.catalog().bySource(target.id());
        List<Artifact> found = new ArrayList<>();
        if (call.has("from")) {
            java.util.Set<String> failedIds = new java.util.HashSet<>();
            cataloged.stream().filter(CatalogEntry::failedVerify).forEach(e -> failedIds.add(e.id()));
            io.ripcord.stdlib.repository.Repository from = io.ripcord.stdlib.repository.RepositoryArgs.one(call, "from");
            List<Artifact> there = from.remote() ? Offsite.list(from, target.id(), context) : backupsIn(path(context, from.url().root()), target.id());
            for (Artifact a : there) {
                if (a.safetyCopy() == safety && (failed || !failedIds.contains(a.id()))) {
                    found.add(a);
                }
            }
        } else {
            for (CatalogEntry entry : cataloged) {
                if (entry.safetyCopy() == safety && (failed || !entry.failedVerify())
                        && Files.exists(Artifact.manifestFileOf(Path.of(entry.path())))) {
                    found.add(Artifact.fromCatalog(entry));
                }
            }
        }
        found.sort(java.util.Comparator.comparing(Artifact::created).reversed());
        return found;
    }

    static RunbookException invalid(VerbCall call, String message) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, message, call.location())
                .withNext("see `ripcord help " + call.verb() + "`"));
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    /** A catalog lookup that may fail the way lookups do. */
    interface Lookup {
        Object get() throws Exception;
    }

    /**
     * A plan names the backups a lookup would give: the catalog now is the catalog then, unless the run makes or
     * restores one before this call (a restore's safety copy is a backup too). Otherwise, or when the catalog cannot
     * be read now, the run decides.
     */
    static java.util.Optional<Object> knownInPlan(List<io.ripcord.plan.PlannedAction> before, Lookup lookup) {
        if (before.stream().anyMatch(a -> "backup".equals(a.verb()) || "restore".equals(a.verb()))) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(lookup.get());
        } catch (Exception e) {
            return java.util.Optional.empty(); // none yet, or the catalog cannot be read now: the run will say
        }
    }
}
