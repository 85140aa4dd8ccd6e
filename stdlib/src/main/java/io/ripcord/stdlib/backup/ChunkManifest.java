package io.ripcord.stdlib.backup;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.catalog.CatalogCopy;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.repository.Checksummer;
import io.ripcord.stdlib.repository.ObjectStore;
import io.ripcord.verb.VerbContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chunk digests of a copy, in the repository's manifest beside it, so a machine with an empty journal can verify a
 * rotating share ({@code readData: 10.percent}) of what a dead machine shipped. The repository's manifest is the
 * backup's own plus {@code chunks: {object, objectSize, size, sha256: [...], seal}}: the stored object they cut, its
 * size, the chunk size, each chunk's SHA-256 in order, sealed with the key that sealed the manifest (when it is at
 * hand at copy time). Reading a manifest back moves the field to {@code NAME.chunks.json} beside it, so the manifest is
 * again the backup's own, field for field as sealed and cataloged (as {@link EncryptedCopy} does with its envelope).
 */
final class ChunkManifest {

    static final String FIELD = "chunks";
    static final String SUFFIX = ".chunks.json";

    /** The chunk digests a repository's manifest carried, and whether its seal verified with a key at hand. */
    record Read(String object, long objectSize, CatalogCopy.Chunks chunks, ManifestSeal.Check seal) {
    }

    private ChunkManifest() {
    }

    /** The field for a copy stored as {@code object} ({@code objectSize} bytes), sealed with key when not null. */
    static Map<String, Object> field(String object, long objectSize, CatalogCopy.Chunks chunks, ManifestSeal.Key key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", object);
        m.put("objectSize", objectSize);
        m.put("size", chunks.size());
        m.put("sha256", chunks.sha256());
        return key == null ? m : ManifestSeal.seal(m, key);
    }

    /** The key that sealed the artifact's manifest, when this home or the runbook's manifestKey: holds it; else null. */
    static ManifestSeal.Key sealingKeyOf(Artifact artifact, String manifestKey, VerbContext context) throws IOException {
        if (!(artifact.manifest().get(ManifestSeal.FIELD) instanceof Map<?, ?> seal)) {
            return null;
        }
        for (ManifestSeal.Key key : ManifestSeal.checking(context, manifestKey)) {
            if (key.id().equals(String.valueOf(seal.get("key")))) {
                return key;
            }
        }
        return null;
    }

    /** Puts a repository's manifest (JSON of manifest) under the artifact's manifest key, through a private temporary file. */
    static void put(ObjectStore store, Artifact artifact, Map<String, Object> manifest) throws IOException {
        byte[] json = (JsonOutput.prettyPrint(JsonOutput.toJson(manifest)) + "\n").getBytes(StandardCharsets.UTF_8);
        Path temp = AtomicFile.tempFor(artifact.manifestFile().toAbsolutePath());
        try {
            Files.write(temp, json);
            store.put(artifact.file().getFileName() + Artifact.MANIFEST_SUFFIX, temp, Checksummer.of(temp).checksums());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A manifest just fetched: its chunks field moved to its own file beside it (an older one removed when it has none). */
    @SuppressWarnings("unchecked")
    static void split(Path fetchedManifest) throws IOException {
        Path chunksFile = fileOf(fetchedManifest);
        Object parsed = new JsonSlurper().parseText(Files.readString(fetchedManifest));
        if (!(parsed instanceof Map<?, ?> map) || !(map.get(FIELD) instanceof Map<?, ?> chunks)) {
            Files.deleteIfExists(chunksFile);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) map);
        m.remove(FIELD);
        write(chunksFile, (Map<String, Object>) chunks);
        write(fetchedManifest, m);
    }

    /** A JSON file written atomically: the fetched manifest and what is set aside from it. */
    static void write(Path file, Map<String, Object> json) throws IOException {
        byte[] bytes = (JsonOutput.prettyPrint(JsonOutput.toJson(json)) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> {
            out.write(bytes);
            return null;
        });
    }

    static Path fileOf(Path manifestFile) {
        return beside(manifestFile, SUFFIX);
    }

    /** NAME + suffix beside NAME.manifest.json: where a field set aside from a fetched manifest is kept. */
    static Path beside(Path manifestFile, String suffix) {
        String name = manifestFile.getFileName().toString();
        return manifestFile.resolveSibling(name.substring(0, name.length() - Artifact.MANIFEST_SUFFIX.length()) + suffix);
    }

    /**
     * The chunk digests a fetched artifact's repository manifest carried; empty when it carried none (a copy made
     * before Ripcord wrote them there). A field that is not as Ripcord writes it (the digests do not cut objectSize in
     * chunks of size, a digest is not 64 hex digits) is refused as damaged.
     */
    @SuppressWarnings("unchecked")
    static Optional<Read> read(Artifact artifact, List<ManifestSeal.Key> keys) throws IOException {
        Path file = fileOf(artifact.manifestFile());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, Object> m = (Map<String, Object>) new JsonSlurper().parseText(Files.readString(file));
        if (!(m.get("object") instanceof String object) || !(m.get("objectSize") instanceof Number objectSize)
                || !(m.get("size") instanceof Number size) || size.longValue() <= 0 || !(m.get("sha256") instanceof List<?> digests)
                || digests.size() != (objectSize.longValue() + size.longValue() - 1) / size.longValue()
                || !digests.stream().allMatch(d -> d instanceof String s && s.matches("[0-9a-f]{64}"))) {
            throw new IOException("the chunk digests in the manifest of " + artifact.id() + " are not as Ripcord writes them"
                    + " (chunks: {object, objectSize, size, sha256: one SHA-256 per chunk})");
        }
        CatalogCopy.Chunks chunks = new CatalogCopy.Chunks(size.longValue(), digests.stream().map(String::valueOf).toList());
        return Optional.of(new Read(object, objectSize.longValue(), chunks, ManifestSeal.check(m, keys)));
    }
}
