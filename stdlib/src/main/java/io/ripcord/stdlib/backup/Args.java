package io.ripcord.stdlib.backup;

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

    static BackupTarget target(VerbCall call, String arg) {
        Object value = call.value(arg);
        if (value instanceof BackupTarget target) {
            return target;
        }
        throw invalid(call, call.verb() + " needs a target — sqlite('path'), postgres('url'), dir('path'), file('path') or image('name:tag') — got " + describe(value));
    }

    static Artifact artifact(VerbCall call, String arg) {
        Object value = call.value(arg);
        if (value instanceof Artifact artifact) {
            return artifact;
        }
        throw invalid(call, call.verb() + " needs a backup — what backup or lastBackup(target) returns — got " + describe(value));
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
                .optional("from", io.ripcord.verb.ArgType.STRING, "the catalog", "a backup directory to read manifests from instead");
    }

    /** A target's backups, newest first: from the catalog, or from the manifests in {@code from:} when given. */
    static List<Artifact> backupsOf(BackupTarget target, VerbCall call, VerbContext context) throws IOException, VerbFailure {
        List<Artifact> found = new ArrayList<>();
        if (call.has("from")) {
            found.addAll(backupsIn(path(context, call.string("from", ".")), target.id()));
        } else {
            for (io.ripcord.catalog.CatalogEntry entry : context.catalog().bySource(target.id())) {
                Path manifest = Artifact.manifestFileOf(Path.of(entry.path()));
                if (Files.exists(manifest)) {
                    found.add(readCataloged(entry, manifest));
                }
            }
        }
        found.sort(java.util.Comparator.comparing(Artifact::created).reversed());
        return found;
    }

    /** A cataloged backup's manifest; a damaged one is named with its backup, not reported as an exception. */
    private static Artifact readCataloged(io.ripcord.catalog.CatalogEntry entry, Path manifest) throws VerbFailure {
        try {
            return Artifact.read(manifest);
        } catch (IOException e) {
            throw new VerbFailure("the manifest of backup " + entry.id() + " cannot be read: " + e.getMessage()
                    + "; the backup was not used", "put back the manifest " + manifest + " from another copy of the backup,"
                    + " or take a new backup; `ripcord backups` lists the others");
        }
    }

    static RunbookException invalid(VerbCall call, String message) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, message, call.location())
                .withNext("see `ripcord help " + call.verb() + "`"));
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
