package io.ripcord.stdlib.backup;

import io.ripcord.catalog.CatalogCopy;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.repository.ObjectStore;
import io.ripcord.stdlib.repository.Repositories;
import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryException;
import io.ripcord.stdlib.storage.HashingInputStream;
import io.ripcord.units.ByteSize;
import io.ripcord.units.Percent;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify lastBackup(db, from: REPO), readData: 10.percent}: reads a rotating share of a copy in a repository
 * (restic's {@code --read-data-subset}), so successive verifies read every byte without any one of them reading it
 * all. The stored object is cut in the chunks whose SHA-256 the catalog recorded when the copy was written
 * ({@link CatalogCopy#chunks()}); each verify reads the next chunks after the copy's cursor (ranged reads), wrapping
 * around, and checks each against its digest and the object's size against the catalog. An encrypted copy's chunks
 * are of its ciphertext: no identity needed. A passing subset verify is recorded as partial on the copy, never as a
 * full verify of the artifact: its content was not decompressed nor checked.
 */
final class SubsetRead {

    private SubsetRead() {
    }

    /**
     * Verifies the next share of the copy the fetched artifact stands for; empty when it must be read whole instead
     * (the catalog has no chunk digests for it, or the share is every chunk), said on the console.
     */
    static Optional<Verifier.Verification> verify(Artifact artifact, Repository from, Percent share, CatalogMatch.Trust trust,
                                                  VerbContext context) throws VerbFailure {
        Optional<CatalogCopy> recorded = context.catalog().copies(artifact.id()).stream()
                .filter(c -> c.repository().equals(from.url().text())).findFirst();
        if (recorded.isEmpty()) {
            recorded = fromManifest(artifact, from, share, trust, context); // a journal that did not ship it: a new machine
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
        } else if (recorded.get().chunks() == null || recorded.get().chunks().count() == 0) {
            context.output().info("readData: " + share + ": the catalog has no chunk digests for " + artifact.id() + " in " + from
                    + " (copied before Ripcord recorded them): reading the whole copy");
            return Optional.empty();
        }
        CatalogCopy copy = recorded.get();
        CatalogCopy.Chunks chunks = copy.chunks();
        int n = chunks.count();
        int perVerify = (int) Math.max(1, Math.ceil(n * share.fraction() - 1e-9));
        if (perVerify >= n) {
            context.output().info("readData: " + share + " of " + n + " chunk(s) is every chunk: reading the whole copy");
            return Optional.empty();
        }
        long objectSize = copy.objectSize() != null ? copy.objectSize() : artifact.size();
        String key = copy.key();
        List<Integer> read = new ArrayList<>();
        try (ObjectStore store = Repositories.open(from, context.environment())) {
            long stored = store.stat(key).map(ObjectStore.Entry::size).orElse(-1L);
            if (stored != objectSize) {
                throw damaged(artifact, from, stored < 0 ? key + " is missing from " + store.describe()
                        : "the copy of " + key + " in " + store.describe() + " is " + stored + " bytes; it was " + objectSize
                        + " when copied: it was truncated or replaced there");
            }
            for (int j = 0; j < perVerify; j++) {
                int i = (int) ((copy.readCursor() + j) % n);
                long offset = i * chunks.size();
                long length = Math.min(chunks.size(), objectSize - offset);
                try (HashingInputStream in = new HashingInputStream(store.open(key, offset, length))) {
                    in.drain();
                    String sha256 = in.sha256();
                    if (in.count() != length || !sha256.equals(chunks.sha256().get(i))) {
                        throw damaged(artifact, from, "chunk " + (i + 1) + " of " + n + " of " + key + " in " + store.describe()
                                + " (bytes " + offset + "-" + (offset + length - 1) + ") is " + in.count() + " bytes, SHA-256 " + sha256
                                + "; it was SHA-256 " + chunks.sha256().get(i) + " when copied: the copy was damaged there");
                    }
                }
                read.add(i);
            }
        } catch (RepositoryException e) {
            throw e.reason() == RepositoryException.Reason.CORRUPT ? damaged(artifact, from, e.getMessage())
                    : Offsite.readFailure("cannot read " + artifact.id() + " in " + from, artifact, from, e, context);
        } catch (IOException e) {
            throw new VerbFailure(ProblemCode.STEP_FAILED, "cannot read " + artifact.id() + " in " + from + ": " + e.getMessage(),
                    "check the connection to " + from + ", then resume");
        }
        long cursor = copy.readCursor() + perVerify;
        context.catalog().addCopy(copy.partiallyVerified(Instant.now(), cursor));
        List<String> checks = new ArrayList<>();
        checks.add("the copy's size in " + from + " (" + new ByteSize(objectSize) + ", as when copied)");
        for (long[] range : ranges(read, chunks.size(), objectSize)) {
            checks.add("read " + (range[0] == range[1] ? "chunk " + (range[0] + 1) : "chunks " + (range[0] + 1) + "-" + (range[1] + 1))
                    + " of " + n + ": bytes " + range[2] + "-" + range[3] + " of " + objectSize + ", SHA-256 as recorded when copied");
        }
        int verifiesPerRound = (n + perVerify - 1) / perVerify;
        checks.add(cursor >= n
                ? "the whole copy has been read: every chunk by the last " + verifiesPerRound + " verifies at " + share
                : "partial: " + cursor + " of " + n + " chunks read so far; the whole copy is covered after "
                + verifiesPerRound + " verifies at " + share + " (" + ((n - cursor + perVerify - 1) / perVerify) + " more)");
        checks.forEach(check -> context.output().info("ok: " + check));
        return Optional.of(new Verifier.Verification(artifact.id(), checks));
    }

    /**
     * The copy as its repository's manifest describes it, for a journal that has no record of it (a new machine): its
     * chunk digests from the manifest ({@link ChunkManifest}), believed as far as the manifest is (the catalog match:
     * its seal, with this home's key or manifestKey:) and only when sealed by the same key or trust: 'manifest' is
     * said; the read cursor starts at 0 in this journal. Empty, said on the console, when the copy must be read whole.
     */
    private static Optional<CatalogCopy> fromManifest(Artifact artifact, Repository from, Percent share, CatalogMatch.Trust trust,
                                                      VerbContext context) throws VerbFailure {
        CatalogMatch.match(artifact, trust, context);
        Optional<ChunkManifest.Read> read;
        try {
            read = ChunkManifest.read(artifact, ManifestSeal.checking(context, trust.manifestKey()));
        } catch (IOException | RuntimeException e) {
            throw damaged(artifact, from, e.getMessage());
        }
        if (read.isEmpty()) {
            context.output().info("readData: " + share + ": the manifest of " + artifact.id() + " in " + from + " has no chunk digests"
                    + " (copied before Ripcord wrote them there): reading the whole copy");
            return Optional.empty();
        }
        ManifestSeal.Check seal = read.get().seal();
        switch (seal.verdict()) {
            case SEALED_BY_KEY -> context.output().info("readData: " + share + ": the chunk digests of " + artifact.id()
                    + " from its manifest in " + from + " (sealed with key " + seal.keyId() + ")");
            case FORGED -> throw damaged(artifact, from, "the chunk digests in its manifest were changed after they were sealed with key "
                    + seal.keyId() + " (the seal does not match)");
            case UNSEALED, UNKNOWN_KEY -> {
                if (!trust.manifestAlone()) {
                    context.output().info("readData: " + share + ": the chunk digests in the manifest of " + artifact.id() + " in " + from
                            + (seal.verdict() == ManifestSeal.Verdict.UNSEALED ? " are not sealed" : " are sealed with key " + seal.keyId()
                            + ", which is neither this home's nor a manifestKey: given") + ": reading the whole copy");
                    return Optional.empty();
                }
                context.output().warn("trust: 'manifest': the chunk digests of " + artifact.id() + " are taken from its manifest alone");
            }
        }
        String expectedObject;
        try {
            expectedObject = EncryptedCopy.envelopeOf(artifact).map(EncryptedCopy.Envelope::file)
                    .orElse(artifact.file().getFileName().toString());
        } catch (IOException e) {
            throw damaged(artifact, from, e.getMessage());
        }
        if (!read.get().object().equals(expectedObject)) {
            throw damaged(artifact, from, "its manifest's chunk digests are of " + read.get().object() + ", not of " + expectedObject);
        }
        boolean encrypted = !expectedObject.equals(artifact.file().getFileName().toString());
        if (!encrypted && read.get().objectSize() != artifact.size()) {
            throw damaged(artifact, from, "its manifest's chunk digests cut " + read.get().objectSize() + " bytes; the backup is "
                    + artifact.size() + " bytes");
        }
        return Optional.of(new CatalogCopy(artifact.id(), from.url().text(), expectedObject, artifact.created(), null, null, null,
                encrypted ? read.get().objectSize() : null, null, encrypted ? io.ripcord.stdlib.crypt.AgeEncryption.FORMAT : null, read.get().chunks(), 0, null));
    }

    /** Consecutive chunk indexes as ranges: first chunk, last chunk, first byte, last byte. */
    static List<long[]> ranges(List<Integer> chunks, long chunkSize, long objectSize) {
        List<long[]> out = new ArrayList<>();
        for (int i : chunks) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last[1] + 1 == i) {
                last[1] = i;
                last[3] = Math.min(objectSize, (i + 1) * chunkSize) - 1;
            } else {
                out.add(new long[]{i, i, i * chunkSize, Math.min(objectSize, (i + 1) * chunkSize) - 1});
            }
        }
        return out;
    }

    private static VerbFailure damaged(Artifact artifact, Repository from, String what) {
        return new VerbFailure(ProblemCode.VERIFICATION_FAILED, "backup " + artifact.id() + " in " + from + " is damaged: " + what,
                "restore another copy (`ripcord backups --repo " + from + "`), or the local one, and copy it again; nothing local was changed");
    }
}
