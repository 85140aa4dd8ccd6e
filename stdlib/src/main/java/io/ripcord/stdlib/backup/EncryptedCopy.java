package io.ripcord.stdlib.backup;

import groovy.json.JsonSlurper;
import io.ripcord.catalog.CatalogCopy;
import io.ripcord.files.AtomicFile;
import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.crypt.AgeDecryptingInputStream;
import io.ripcord.stdlib.crypt.AgeEncryption;
import io.ripcord.stdlib.crypt.AgeFormatException;
import io.ripcord.stdlib.crypt.AgeIdentity;
import io.ripcord.stdlib.repository.Checksummer;
import io.ripcord.stdlib.repository.EncryptingStore;
import io.ripcord.stdlib.repository.ObjectStore;
import io.ripcord.stdlib.repository.Repository;
import io.ripcord.stdlib.repository.RepositoryException;
import io.ripcord.stdlib.storage.HashingInputStream;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy in a repository encrypted to age recipients ({@code encrypt: 'age1…'}): the local artifact stays plain (the
 * fast restore of 3-2-1), what leaves the machine is {@code NAME.age} (and each sidecar as {@code SIDECAR.age}), in
 * age's format. The repository's manifest is the backup's own, sealed manifest plus an envelope: {@code encryption},
 * {@code recipients}, {@code encrypted} (the object's name, size and SHA-256, and the plain restore line) and a
 * {@code restoreByHand} that decrypts with {@code age -d}, and the ciphertext's chunk digests ({@link ChunkManifest}). Reading it back splits the two again, so the catalog and
 * the seal see the backup's manifest field for field, and the envelope (unsealed) only says what object to read.
 *
 * <p>What is checked: without an identity, the object's size and SHA-256 (those the catalog recorded at upload, else
 * the envelope's); with one, also age's authentication of every chunk and the decrypted artifact's size and SHA-256
 * against the sealed manifest and the catalog.
 */
final class EncryptedCopy {

    /** Beside a fetched manifest: the envelope its repository's manifest carried. */
    static final String ENVELOPE_SUFFIX = ".encryption.json";
    static final String ENVELOPE = "encrypted";

    /** What the envelope says: the object holding the ciphertext, its size and SHA-256, the sidecars encrypted too. */
    record Envelope(String file, long size, String sha256, List<String> recipients, List<String> sidecars) {
    }

    private EncryptedCopy() {
    }

    /** {@code encrypt:} read and checked (before anything runs): null when not given; a bad recipient is refused. */
    static AgeEncryption of(VerbCall call) {
        if (!call.has("encrypt")) {
            return null;
        }
        try {
            return AgeEncryption.of(call.value("encrypt"));
        } catch (AgeFormatException e) {
            throw Args.invalid(call, call.verb() + " encrypt: " + e.getMessage());
        }
    }

    /** The object an encrypted copy of the artifact is stored as. */
    static String objectKey(Artifact artifact) {
        return artifact.file().getFileName() + AgeEncryption.SUFFIX;
    }

    // ---- shipping

    /**
     * Encrypts the artifact (its bytes checked against {@code plain} on the way) and its sidecars into the store,
     * then its manifest with the envelope, last; returns the copy to catalog, with the object's own size and SHA-256.
     */
    static CatalogCopy put(ObjectStore store, Artifact artifact, Repository repository, AgeEncryption encryption,
                           ObjectStore.Checksums plain, ManifestSeal.Key chunkKey, VerbContext context) throws IOException {
        EncryptingStore sealing = new EncryptingStore(store, encryption);
        String key = objectKey(artifact);
        EncryptingStore.Stored stored = sealing.putEncrypted(key, artifact.file(), plain);
        List<String> sidecars = new ArrayList<>();
        for (Path sidecar : artifact.sidecars()) {
            if (Files.isRegularFile(sidecar)) {
                String sideKey = sidecar.getFileName() + AgeEncryption.SUFFIX;
                if (store.stat(sideKey).isPresent()) {
                    store.delete(sideKey);
                }
                sealing.putEncrypted(sideKey, sidecar, Checksummer.of(sidecar).checksums());
                sidecars.add(sidecar.getFileName().toString());
            }
        }
        Map<String, Object> manifest = remoteManifest(artifact, encryption, stored, sidecars);
        manifest.put(ChunkManifest.FIELD, ChunkManifest.field(key, stored.size(), stored.chunks(), chunkKey));
        ChunkManifest.put(store, artifact, manifest);
        long landed = store.stat(key).map(ObjectStore.Entry::size).orElse(-1L);
        if (landed != stored.size()) {
            throw new RepositoryException(RepositoryException.Reason.CORRUPT, "the copy of " + key + " in " + store.describe()
                    + " is " + landed + " bytes after upload, not " + stored.size(), "copy it again", null);
        }
        context.output().info("copied " + artifact.id() + " (" + new ByteSize(artifact.size()) + ", encrypted with age to "
                + String.join(", ", encryption.recipients().stream().map(Object::toString).toList()) + ") to " + store.describe());
        return new CatalogCopy(artifact.id(), repository.url().text(), key, Instant.now(), context.run().runId(), null, null,
                stored.size(), stored.checksums().sha256Hex(), AgeEncryption.FORMAT).withChunks(stored.chunks());
    }

    static Map<String, Object> remoteManifest(Artifact artifact, AgeEncryption encryption, EncryptingStore.Stored stored,
                                              List<String> sidecars) {
        Map<String, Object> m = new LinkedHashMap<>(artifact.manifest());
        m.putAll(encryption.manifestFields());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("file", stored.key());
        envelope.put("size", stored.size());
        envelope.put("sha256", stored.checksums().sha256Hex());
        envelope.put("sidecars", sidecars);
        if (artifact.manifest().get("restoreByHand") instanceof String plainLine) {
            envelope.put("plainRestoreByHand", plainLine);
            m.put("restoreByHand", restoreByHand(artifact, plainLine, stored.key()));
        }
        m.put(ENVELOPE, envelope);
        return m;
    }

    /**
     * The plain restore line with age in front: where it reads the artifact through its decompressor, age decrypts
     * into that pipe ({@code age -d -i key.txt X.tar.gz.age | gzip -dc | tar -x…}); otherwise (a dump's own tool)
     * age first decrypts the artifact into the working directory. Names are those of the downloaded objects.
     */
    static String restoreByHand(Artifact artifact, String plainLine, String objectKey) {
        String local = ShellQuote.of(artifact.file());
        String name = ShellQuote.of(artifact.file().getFileName().toString());
        String object = ShellQuote.of(objectKey);
        String read = artifact.compression().catCommand + " " + local;
        if (plainLine.contains(read)) {
            return plainLine.replace(read, AgeEncryption.restoreByHand(object, artifact.compression().catCommand));
        }
        return "age -d -i key.txt " + object + " > " + name + " && " + plainLine.replace(local, name);
    }

    // ---- reading back

    /**
     * A manifest just fetched from a repository: when it carries an envelope, the envelope goes to its own file
     * beside it and the manifest is put back as the backup's own (as sealed and cataloged).
     */
    @SuppressWarnings("unchecked")
    static void split(Path fetchedManifest) throws IOException {
        Path envelopeFile = envelopeFileOf(fetchedManifest);
        Object parsed = new JsonSlurper().parseText(Files.readString(fetchedManifest));
        if (!(parsed instanceof Map<?, ?> map) || !(map.get(ENVELOPE) instanceof Map<?, ?> envelope)) {
            Files.deleteIfExists(envelopeFile); // a plain copy now: an older envelope no longer applies
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) map);
        Map<String, Object> env = new LinkedHashMap<>((Map<String, Object>) envelope);
        env.put("encryption", m.remove("encryption"));
        env.put("recipients", m.remove("recipients"));
        m.remove(ENVELOPE);
        Object plainLine = env.remove("plainRestoreByHand");
        if (plainLine != null) {
            m.put("restoreByHand", plainLine);
        }
        ChunkManifest.write(envelopeFile, env);
        ChunkManifest.write(fetchedManifest, m);
    }

    static Path envelopeFileOf(Path manifestFile) {
        return ChunkManifest.beside(manifestFile, ENVELOPE_SUFFIX);
    }

    /** The envelope of a fetched artifact whose repository copy is encrypted; empty for a plain one. */
    @SuppressWarnings("unchecked")
    static Optional<Envelope> envelopeOf(Artifact artifact) throws IOException {
        Path file = envelopeFileOf(artifact.manifestFile());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, Object> e = (Map<String, Object>) new JsonSlurper().parseText(Files.readString(file));
        if (!AgeEncryption.FORMAT.equals(e.get("encryption")) || !(e.get("file") instanceof String object)
                || !(e.get("size") instanceof Number size) || !(e.get("sha256") instanceof String sha256)) {
            throw new RepositoryException(RepositoryException.Reason.CORRUPT, "the manifest of " + artifact.id()
                    + " says it is encrypted but not as Ripcord writes it (encryption: age, encrypted: {file, size, sha256})",
                    "fix the manifest in the repository, or restore another copy", null);
        }
        List<String> recipients = e.get("recipients") instanceof List<?> r ? r.stream().map(String::valueOf).toList() : List.of();
        List<String> sidecars = e.get("sidecars") instanceof List<?> s ? s.stream().map(String::valueOf).toList() : List.of();
        return Optional.of(new Envelope(object, size.longValue(), sha256, recipients, sidecars));
    }

    /** Restore needs the plain bytes: an encrypted copy without {@code identity:} is refused before a byte is read. */
    static void requireIdentity(Artifact artifact, String identity, VerbContext context) throws VerbFailure {
        try {
            Optional<Envelope> envelope = Offsite.origin(artifact.file(), context).isPresent() ? envelopeOf(artifact) : Optional.empty();
            if (envelope.isPresent() && identity == null) {
                throw new VerbFailure(ProblemCode.DECRYPTION_FAILED, "refusing to restore " + artifact.id() + ": its copy in the repository is"
                        + " encrypted with age (to " + String.join(", ", envelope.get().recipients()) + ") and restore was given no identity: "
                        + artifact.source() + " was not touched",
                        "give the identity's key file text as a secret: restore …, identity: secret('AGE_KEY')");
            }
        } catch (IOException e) {
            throw new VerbFailure(ProblemCode.MANIFEST_INVALID, "cannot read how " + artifact.id() + " was encrypted: " + e.getMessage(),
                    "list the repository again (`ripcord backups --repo URL`)");
        }
    }

    /**
     * Reads an encrypted copy back. Without identity: streams the object and checks its size and SHA-256; returns
     * false (nothing to check the content with). With one: decrypts into the artifact's fetched file (renamed only
     * when the object and the plain bytes both match), the sidecars beside it; returns true.
     */
    static boolean fetch(Artifact artifact, ObjectStore store, Repository from, Envelope envelope, String identity,
                         VerbContext context) throws IOException, VerbFailure {
        Optional<CatalogCopy> shipped = context.catalog().copies(artifact.id()).stream()
                .filter(c -> c.repository().equals(from.url().text()) && c.objectSha256() != null).findFirst();
        long size = shipped.map(CatalogCopy::objectSize).orElse(envelope.size());
        String sha256 = shipped.map(CatalogCopy::objectSha256).orElse(envelope.sha256());
        String said = shipped.isPresent() ? "the catalog recorded at upload" : "its manifest says";
        if (identity == null) {
            try (HashingInputStream in = new HashingInputStream(store.open(envelope.file()))) {
                in.drain();
                requireObject(in, size, sha256, said, envelope, store, from);
            }
            context.output().warn("checked only the ciphertext of " + artifact.id() + " in " + from + " (" + new ByteSize(size)
                    + ", SHA-256 as " + said + "): no identity: was given, so its content was not decrypted nor checked");
            return false;
        }
        List<AgeIdentity> identities = identities(identity);
        try {
            AtomicFile.write(artifact.file(), out -> {
                try (HashingInputStream cipher = new HashingInputStream(store.open(envelope.file()))) {
                    HashingInputStream plain = new HashingInputStream(AgeDecryptingInputStream.from(cipher, identities));
                    plain.transferTo(out);
                    cipher.drain();
                    requireObject(cipher, size, sha256, said, envelope, store, from);
                    if (plain.count() != artifact.size() || !plain.sha256().equals(artifact.sha256())) {
                        throw new RepositoryException(RepositoryException.Reason.CORRUPT, envelope.file() + " decrypts to "
                                + plain.count() + " bytes, SHA-256 " + plain.sha256() + "; the backup is " + artifact.size()
                                + " bytes, SHA-256 " + artifact.sha256(), "restore another copy, or the local one", null);
                    }
                }
                return null;
            });
            for (String sidecar : envelope.sidecars()) {
                Path local = artifact.file().resolveSibling(sidecar);
                try (InputStream in = AgeDecryptingInputStream.from(store.open(sidecar + AgeEncryption.SUFFIX), identities)) {
                    AtomicFile.write(local, out -> in.transferTo(out));
                }
            }
        } catch (AgeFormatException.WrongIdentity e) {
            throw new VerbFailure(ProblemCode.DECRYPTION_FAILED, "cannot decrypt " + artifact.id() + " from " + from + ": " + e.getMessage()
                    + "; nothing local was changed", "give the identity of one of its recipients ("
                    + String.join(", ", envelope.recipients()) + "): identity: secret('AGE_KEY')");
        } catch (AgeFormatException e) {
            throw new RepositoryException(RepositoryException.Reason.CORRUPT, "the copy of " + envelope.file() + " in " + store.describe()
                    + " does not decrypt: " + e.getMessage(), "restore another copy (`ripcord backups --repo " + from + "`), or the local one", e);
        }
        context.output().info("fetched " + artifact.id() + " (" + new ByteSize(artifact.size()) + ", decrypted) from " + store.describe());
        return true;
    }

    private static List<AgeIdentity> identities(String identity) throws VerbFailure {
        try {
            return AgeIdentity.parseAll(identity);
        } catch (AgeFormatException e) {
            throw new VerbFailure(ProblemCode.DECRYPTION_FAILED, "identity: " + e.getMessage(),
                    "give the text of an age key file (age-keygen -o key.txt) as a secret: identity: secret('AGE_KEY')");
        }
    }

    private static void requireObject(HashingInputStream in, long size, String sha256, String said, Envelope envelope,
                                      ObjectStore store, Repository from) throws RepositoryException {
        if (in.count() != size || !in.sha256().equals(sha256)) {
            throw new RepositoryException(RepositoryException.Reason.CORRUPT, "the copy of " + envelope.file() + " in " + store.describe()
                    + " is " + in.count() + " bytes, SHA-256 " + in.sha256() + "; " + said + " " + size + " bytes, SHA-256 " + sha256
                    + ": it was truncated or replaced there", "restore another copy (`ripcord backups --repo " + from + "`), or the local one", null);
        }
    }
}
