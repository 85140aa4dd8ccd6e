package io.ripcord.stdlib.backup;

import io.ripcord.catalog.CatalogCopy;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.files.AtomicFile;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.crypt.AgeEncryption;
import io.ripcord.stdlib.repository.Checksummer;
import io.ripcord.stdlib.repository.ObjectStore;
import io.ripcord.stdlib.repository.Repositories;
import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryException;
import io.ripcord.repository.RepositoryUrl;
import io.ripcord.stdlib.storage.HashingInputStream;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Artifacts in remote repositories, one mechanism for every verb: shipping a local artifact (its bytes checked
 * against the catalog first, then each file put with our checksums, the manifest last, so a copy is listed only once
 * whole), reading a repository's manifests back (the catalog of a machine that is gone), and fetching an artifact
 * to this machine for verify and restore. A repository's layout is the local one: {@code FILE},
 * {@code FILE.manifest.json} and the sidecars, under the URL's prefix.
 *
 * <p>What is read from a repository lands in {@code $RIPCORD_HOME/fetched/<the repository's URL, encoded>/}: an
 * artifact found there knows where it came from, so {@code restore lastBackup(db, from: 's3://…')} fetches it.
 */
final class Offsite {

    private Offsite() {
    }

    // ---- shipping

    /**
     * Ships a cataloged local artifact to a repository, encrypted to the recipients of encryption when not null (see
     * {@link EncryptedCopy}); returns the copy it recorded. The repository's manifest carries the copy's chunk digests,
     * sealed with the key that sealed the artifact's manifest when this home or {@code manifestKey} holds it.
     */
    static CatalogCopy ship(Artifact artifact, Repository repository, AgeEncryption encryption, String manifestKey, VerbContext context)
            throws VerbFailure {
        String key = encryption == null ? artifact.file().getFileName().toString() : EncryptedCopy.objectKey(artifact);
        // the other form of the same backup (plain where encryption is asked now, or the reverse) is removed with it
        String otherKey = encryption == null ? EncryptedCopy.objectKey(artifact) : artifact.file().getFileName().toString();
        try (ObjectStore store = Repositories.open(repository, context.environment())) {
            int swept = store.sweepIncomplete();
            if (swept > 0) {
                context.output().info("removed " + swept + " incomplete upload(s) an interrupted copy left in " + store.describe());
            }
            String manifestObject = artifact.file().getFileName() + Artifact.MANIFEST_SUFFIX;
            Optional<ObjectStore.Entry> there = store.stat(manifestObject);
            Optional<ObjectStore.Entry> body = store.stat(key);
            Optional<CatalogCopy> shipped = context.catalog().copies(artifact.id()).stream()
                    .filter(c -> c.repository().equals(repository.url().text()) && c.key().equals(key)).findFirst();
            long expected = encryption == null ? artifact.size() : shipped.map(c -> c.objectSize() == null ? -1L : c.objectSize()).orElse(-1L);
            CatalogCopy copy;
            if (there.isPresent() && body.isPresent() && body.get().size() == expected) {
                context.output().info(artifact.id() + " is already in " + store.describe());
                // a plain copy there already: its chunk digests, when recorded, still describe it (same size, same key)
                copy = encryption == null ? shipped.filter(c -> c.chunks() != null)
                        .map(c -> new CatalogCopy(artifact.id(), repository.url().text(), key, Instant.now(), context.run().runId(), null, null)
                                .withChunks(c.chunks()))
                        .orElse(new CatalogCopy(artifact.id(), repository.url().text(), key, Instant.now(), context.run().runId(), null, null))
                        : shipped.get();
            } else {
                // a local file that rotted since backup is not shipped as good: an encrypted copy hashes it first; a
                // plain one as it is read for the upload, which commits only if the bytes are the catalog's
                Checksummer.Summed summed = null;
                if (encryption != null) {
                    summed = Checksummer.of(artifact.file());
                    requireCataloged(artifact, repository, summed.size(), summed.checksums().sha256Hex());
                }
                if (there.isPresent()) {
                    store.delete(manifestObject); // a manifest over another body: put both again, manifest last
                }
                if (body.isPresent()) {
                    store.delete(key); // an earlier copy that stopped before its manifest
                }
                if (store.stat(otherKey).isPresent()) {
                    store.delete(otherKey);
                }
                ManifestSeal.Key chunkKey = ChunkManifest.sealingKeyOf(artifact, manifestKey, context);
                if (encryption != null) {
                    copy = EncryptedCopy.put(store, artifact, repository, encryption, summed.checksums(), chunkKey, context);
                } else {
                    copy = putPlain(store, artifact, repository, chunkKey, context);
                }
            }
            context.catalog().addCopy(copy);
            return copy;
        } catch (RepositoryException e) {
            throw failure("cannot copy " + artifact.id() + " to " + repository, e);
        } catch (IOException e) {
            throw new VerbFailure(ProblemCode.STEP_FAILED, "cannot copy " + artifact.id() + " to " + repository + ": " + e.getMessage(),
                    "check that " + artifact.file() + " is readable, then resume");
        }
    }

    /**
     * The artifact's own bytes, then its sidecars, then its manifest with the chunk digests read on the way up (last:
     * the copy is listed only once whole).
     */
    private static CatalogCopy putPlain(ObjectStore store, Artifact artifact, Repository repository, ManifestSeal.Key chunkKey,
                                        VerbContext context) throws IOException, VerbFailure {
        String key = artifact.file().getFileName().toString();
        ObjectStore.Written stored;
        try {
            stored = store.putChecked(key, artifact.file(), artifact.size(), artifact.sha256());
        } catch (ObjectStore.ContentMismatch e) {
            throw mismatch(artifact, repository, e.size(), e.sha256Hex());
        }
        for (Path sidecar : artifact.sidecars()) {
            if (Files.isRegularFile(sidecar)) {
                String sideKey = sidecar.getFileName().toString();
                if (store.stat(sideKey).isPresent()) {
                    store.delete(sideKey);
                }
                store.put(sideKey, sidecar, Checksummer.of(sidecar).checksums());
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>(artifact.manifest());
        manifest.put(ChunkManifest.FIELD, ChunkManifest.field(key, stored.size(), stored.chunks(), chunkKey));
        ChunkManifest.put(store, artifact, manifest);
        long landed = store.stat(key).map(ObjectStore.Entry::size).orElse(-1L);
        if (landed != artifact.size()) {
            throw new RepositoryException(RepositoryException.Reason.CORRUPT, "the copy of " + key + " in " + store.describe()
                    + " is " + landed + " bytes after upload, not " + artifact.size(), "copy it again", null);
        }
        context.output().info("copied " + artifact.id() + " (" + new ByteSize(artifact.size()) + ") to " + store.describe());
        return new CatalogCopy(artifact.id(), repository.url().text(), key, Instant.now(), context.run().runId(), null, null)
                .withChunks(stored.chunks());
    }

    private static void requireCataloged(Artifact artifact, Repository repository, long size, String sha256) throws VerbFailure {
        if (size != artifact.size() || !sha256.equals(artifact.sha256())) {
            throw mismatch(artifact, repository, size, sha256);
        }
    }

    private static VerbFailure mismatch(Artifact artifact, Repository repository, long size, String sha256) {
        return new VerbFailure(ProblemCode.CATALOG_MISMATCH, "not copying " + artifact.id() + " to " + repository + ": "
                + artifact.file() + " is " + size + " bytes, SHA-256 " + sha256 + ", but it was " + artifact.size()
                + " bytes, SHA-256 " + artifact.sha256() + " when backed up; nothing was committed there",
                "verify it (it has changed on disk); take a new backup and copy that one");
    }

    static VerbFailure failure(String what, RepositoryException e) {
        ProblemCode code = e.reason() == RepositoryException.Reason.FULL ? ProblemCode.DISK_FULL : ProblemCode.REPOSITORY_UNAVAILABLE;
        return new VerbFailure(code, what + ": " + e.getMessage(), e.next() + "; nothing local was changed");
    }

    /**
     * A read that found no object: when the backup's manifest is still there, the store answered and the artifact is
     * what is missing (BACKUP_MISSING, deleted or moved there), not the repository; otherwise as {@link #failure}.
     */
    static VerbFailure readFailure(String what, Artifact artifact, Repository from, RepositoryException e, VerbContext context) {
        if (e.reason() == RepositoryException.Reason.NOT_FOUND) {
            try (ObjectStore store = Repositories.open(from, context.environment())) {
                if (store.stat(artifact.file().getFileName() + Artifact.MANIFEST_SUFFIX).isPresent()) {
                    return new VerbFailure(ProblemCode.BACKUP_MISSING, "backup " + artifact.id() + " is missing from " + from
                            + ": its manifest is there, its artifact is not (" + e.getMessage() + "); nothing local was changed",
                            "copy it there again from a local backup (copy lastBackup(…), to: '" + from.url().text()
                                    + "'), or restore another (`ripcord backups --repo " + from.url().text() + "` lists them)");
                }
            } catch (IOException | RuntimeException ignored) {
                // the repository cannot say: the failure as it came
            }
        }
        return failure(what, e);
    }

    // ---- retention in a repository

    /**
     * Retention in one repository, by the same rules as locally, over the backups its manifests list. Each delete
     * is said and journaled (the catalog's copy removed); a copy that is the last verified copy of its source anywhere
     * (locally or in any repository) is kept. The manifest goes first, so a half-deleted backup is never listed.
     */
    static void retain(Repository repository, BackupTarget target, Retention retention, VerbContext context) throws VerbFailure {
        List<Artifact> there = list(repository, target.id(), context).stream().filter(a -> !a.safetyCopy()).toList();
        try (ObjectStore store = Repositories.open(repository, context.environment())) {
            for (Artifact old : retention.toDelete(there, Instant.now())) {
                if (lastVerifiedCopy(old, repository, context)) {
                    context.output().warn("retention kept " + old.id() + " in " + repository + ": it is the last verified copy of " + target);
                    continue;
                }
                String key = old.file().getFileName().toString();
                store.delete(key + Artifact.MANIFEST_SUFFIX);
                boolean sealed = EncryptedCopy.envelopeOf(old).isPresent();
                String suffix = sealed ? AgeEncryption.SUFFIX : "";
                for (Path sidecar : old.sidecars()) {
                    store.delete(sidecar.getFileName() + suffix);
                }
                store.delete(key + suffix);
                Files.deleteIfExists(old.manifestFile());
                Files.deleteIfExists(ChunkManifest.fileOf(old.manifestFile()));
                if (context.catalog().copies(old.id()).stream().anyMatch(c -> c.repository().equals(repository.url().text()))) {
                    context.catalog().removeCopy(old.id(), repository.url().text());
                }
                context.output().info("retention deleted " + key + " from " + repository);
            }
        } catch (RepositoryException e) {
            throw failure("retention in " + repository + " failed", e);
        } catch (IOException e) {
            throw new VerbFailure(ProblemCode.STEP_FAILED, "retention in " + repository + " failed: " + e.getMessage(), "run the backup again");
        }
    }

    /** True when no other verified copy of the artifact's source exists: not locally, not in another repository. */
    private static boolean lastVerifiedCopy(Artifact artifact, Repository repository, VerbContext context) {
        boolean thisOneVerified = context.catalog().copies(artifact.id()).stream()
                .anyMatch(c -> c.repository().equals(repository.url().text()) && Boolean.TRUE.equals(c.verifyPassed()));
        if (!thisOneVerified) {
            return false; // deleting it leaves every verified copy there is
        }
        for (CatalogEntry entry : context.catalog().bySource(artifact.source().id())) {
            if (entry.safetyCopy()) {
                continue;
            }
            if (entry.verification() != null && entry.verification().passed() && Files.exists(Path.of(entry.path()))) {
                return false;
            }
            boolean verifiedElsewhere = context.catalog().copies(entry.id()).stream().anyMatch(c -> Boolean.TRUE.equals(c.verifyPassed())
                    && !(c.artifactId().equals(artifact.id()) && c.repository().equals(repository.url().text())));
            if (verifiedElsewhere) {
                return false;
            }
        }
        return true;
    }

    // ---- reading back

    /** Where what is read from this repository is kept on this machine. */
    static Path fetchedDir(Repository repository, VerbContext context) {
        return context.home().resolve("fetched").resolve(URLEncoder.encode(repository.url().text(), StandardCharsets.UTF_8));
    }

    /**
     * Where a listing writes the manifests it fetches: the fetched directory; while planning, a directory of this
     * process's own, removed when it exits (a plan reads a repository's manifests to say what it would restore, and
     * leaves nothing behind). The artifacts it lists name the fetched directory all the same, as the run's will.
     */
    private static Path listingDir(Repository repository, VerbContext context) {
        return context.planning() ? PlanScratch.DIR.resolve(fetchedDir(repository, context).getFileName()) : fetchedDir(repository, context);
    }

    /** Made on first use by a plan, deleted (links not followed) when the process exits. */
    private static final class PlanScratch {
        static final Path DIR = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("ripcord-plan-fetched-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        AtomicFile.deleteTree(dir);
                    } catch (IOException e) {
                        // a temporary directory: the system's cleaning takes what is left
                    }
                }, "ripcord-plan-fetched-cleanup"));
                return dir.toAbsolutePath().normalize();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create a temporary directory for the plan's reads", e);
            }
        }
    }

    /**
     * The repositories this process listed, by URL: a fetched artifact's file names only its repository's URL, so the
     * way in that an {@code s3(...)} value gave (its own credentials) is found here; otherwise the environment's.
     */
    private static final java.util.Map<String, Repository> LISTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The repository a fetched artifact came from, when its file is in a fetched directory. */
    static Optional<Repository> origin(Path file, VerbContext context) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir == null || !dir.getParent().equals(context.home().resolve("fetched").toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        try {
            String url = URLDecoder.decode(dir.getFileName().toString(), StandardCharsets.UTF_8);
            return Optional.of(LISTED.getOrDefault(url, Repository.of(url)));
        } catch (RepositoryUrl.Invalid e) {
            return Optional.empty();
        }
    }

    /**
     * The complete backups in a repository (those with a manifest), of one source or all: their manifests fetched
     * into this machine's fetched directory, their artifacts not (yet). Manifests that do not parse are skipped.
     */
    static List<Artifact> list(Repository repository, String sourceId, VerbContext context) throws VerbFailure {
        Path dir = listingDir(repository, context);
        Path fetched = fetchedDir(repository, context);
        LISTED.put(repository.url().text(), repository);
        List<Artifact> out = new ArrayList<>();
        try (ObjectStore store = Repositories.open(repository, context.environment())) {
            for (ObjectStore.Entry entry : store.list("")) {
                if (!entry.key().endsWith(Artifact.MANIFEST_SUFFIX) || entry.key().contains("/")) {
                    continue;
                }
                AtomicFile.createPrivateDirectory(dir); // manifests of private backups: owner-only (0700)
                Path local = dir.resolve(entry.key());
                try (InputStream in = store.open(entry.key())) {
                    AtomicFile.write(local, outStream -> {
                        in.transferTo(outStream);
                        return null;
                    });
                }
                try {
                    ChunkManifest.split(local);
                    EncryptedCopy.split(local);
                    Artifact read = Artifact.read(local);
                    Artifact artifact = dir.equals(fetched) ? read : read.at(fetched.resolve(read.file().getFileName()));
                    if (sourceId == null || artifact.source().id().equals(sourceId)) {
                        out.add(artifact);
                    }
                } catch (IOException | RuntimeException e) {
                    // not ours, or damaged: listed by nothing, deleted by nothing
                }
            }
        } catch (RepositoryException e) {
            throw failure("cannot list the backups in " + repository, e);
        } catch (IOException e) {
            throw new VerbFailure(ProblemCode.STEP_FAILED, "cannot read the backups in " + repository + ": " + e.getMessage(),
                    "check that " + dir + " is writable");
        }
        out.sort(java.util.Comparator.comparing(Artifact::created).reversed());
        return out;
    }

    /**
     * Makes a fetched artifact's file whole on this machine: streamed from its repository into a temporary file,
     * hashed on the way, renamed only when its size and SHA-256 are the manifest's. Nothing when it is not a fetched
     * artifact, or already fetched whole.
     */
    static void fetch(Artifact artifact, VerbContext context) throws VerbFailure {
        fetch(artifact, null, context);
    }

    /**
     * The same, for a copy that may be encrypted: decrypted with identity (an age key file's text) when given. Returns
     * false when only an encrypted copy's ciphertext was checked (no identity): there is no plain file to verify.
     */
    static boolean fetch(Artifact artifact, String identity, VerbContext context) throws VerbFailure {
        Optional<Repository> from = origin(artifact.file(), context);
        if (from.isEmpty()) {
            return true;
        }
        try (ObjectStore store = Repositories.open(from.get(), context.environment())) {
            Optional<EncryptedCopy.Envelope> envelope = EncryptedCopy.envelopeOf(artifact);
            if (envelope.isPresent()) {
                return EncryptedCopy.fetch(artifact, store, from.get(), envelope.get(), identity, context);
            }
            if (Files.isRegularFile(artifact.file()) && Files.size(artifact.file()) == artifact.size()) {
                return true; // fetched whole before (its content is checked by the verify that follows, as any local file)
            }
            String key = artifact.file().getFileName().toString();
            String[] got = new String[2];
            AtomicFile.write(artifact.file(), out -> {
                try (HashingInputStream in = new HashingInputStream(store.open(key))) {
                    in.transferTo(out);
                    got[0] = String.valueOf(in.count());
                    got[1] = in.sha256();
                }
                if (Long.parseLong(got[0]) != artifact.size() || !got[1].equals(artifact.sha256())) {
                    throw new RepositoryException(RepositoryException.Reason.CORRUPT, "the copy of " + key + " in " + store.describe()
                            + " is " + got[0] + " bytes, SHA-256 " + got[1] + "; its manifest says " + artifact.size() + " bytes, SHA-256 "
                            + artifact.sha256() + ": it was truncated or replaced there", "restore another copy (`ripcord backups --repo "
                            + from.get() + "`), or the local one", null);
                }
                return null;
            });
            for (Path sidecar : artifact.sidecars()) {
                String sideKey = sidecar.getFileName().toString();
                if (store.stat(sideKey).isPresent()) {
                    try (InputStream in = store.open(sideKey)) {
                        AtomicFile.write(sidecar, out -> in.transferTo(out));
                    }
                }
            }
            context.output().info("fetched " + artifact.id() + " (" + new ByteSize(artifact.size()) + ") from " + store.describe());
            return true;
        } catch (RepositoryException e) {
            throw e.reason() == RepositoryException.Reason.CORRUPT
                    ? new VerbFailure(ProblemCode.VERIFICATION_FAILED, "backup " + artifact.id() + " in " + from.get() + " is damaged: "
                    + e.getMessage(), e.next() + "; nothing local was changed")
                    : readFailure("cannot fetch " + artifact.id() + " from " + from.get(), artifact, from.get(), e, context);
        } catch (IOException e) {
            throw new VerbFailure(ProblemCode.STEP_FAILED, "cannot fetch " + artifact.id() + ": " + e.getMessage(),
                    "check free space in " + artifact.file().getParent());
        }
    }

    /** What a plan says about reading {@code artifact} from its repository first; empty for a local one. */
    static Optional<String> plannedFetch(Artifact artifact, VerbContext context) {
        return origin(artifact.file(), context).map(from -> "first read back from " + from + " (" + new ByteSize(artifact.size())
                + "), its size and SHA-256 checked against the manifest");
    }

    /** Removes a fetched artifact's file and sidecars once verified or restored (its manifest stays, for a resume). */
    static void discardFetched(Artifact artifact, VerbContext context) {
        if (origin(artifact.file(), context).isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(artifact.file());
            for (Path sidecar : artifact.sidecars()) {
                Files.deleteIfExists(sidecar);
            }
        } catch (IOException e) {
            context.output().warn("could not remove the fetched copy " + artifact.file() + ": " + e.getMessage());
        }
    }

    /** Records a read-back verify on the catalog's copy in that repository, when the catalog has one. */
    static void recordCopyVerify(Artifact artifact, boolean passed, VerbContext context) {
        Optional<Repository> from = origin(artifact.file(), context);
        if (from.isEmpty()) {
            return;
        }
        context.catalog().copies(artifact.id()).stream().filter(c -> c.repository().equals(from.get().url().text())).findFirst()
                .ifPresent(c -> context.catalog().addCopy(c.verified(passed, Instant.now())));
    }

    /** True when file is this machine's fetched copy of a cataloged artifact that the catalog records in that repository. */
    static boolean fetchedCopyOf(Path file, CatalogEntry entry, VerbContext context) {
        Optional<Repository> from = origin(file, context);
        return from.isPresent() && context.catalog().copies(entry.id()).stream()
                .anyMatch(c -> c.repository().equals(from.get().url().text()));
    }
}
