package io.ripcord.stdlib.backup;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A backup as a runbook holds it: the artifact file and the JSON manifest beside it, which says everything needed
 * to check and restore it without Ripcord (source, size, SHA-256, compression, tool versions, the exact command).
 */
public record Artifact(String id, BackupTarget source, Path file, long size, String sha256, Compression compression,
                       Instant created, Map<String, Object> manifest) implements io.ripcord.verb.JournalValue {

    @Override
    public Object journalValue() {
        return Map.of("backup", id, "file", file.toString(), "sha256", sha256);
    }

    public static final String MANIFEST_SUFFIX = ".manifest.json";

    /** The same backup, its file (and manifest beside it) at {@code elsewhere}. */
    public Artifact at(Path elsewhere) {
        return new Artifact(id, source, elsewhere, size, sha256, compression, created, manifest);
    }

    public Path manifestFile() {
        return manifestFileOf(file);
    }

    public static Path manifestFileOf(Path artifactFile) {
        return artifactFile.resolveSibling(artifactFile.getFileName() + MANIFEST_SUFFIX);
    }

    public String kind() {
        return source.kind();
    }

    public boolean safetyCopy() {
        return Boolean.TRUE.equals(manifest.get("safetyCopy"));
    }

    /** The full backup an incremental one builds on, or null for a full backup. */
    public String baseFile() {
        return manifest.get("incremental") instanceof Map<?, ?> inc ? (String) inc.get("baseFile") : null;
    }

    public boolean incremental() {
        return baseFile() != null;
    }

    /** Files written beside the artifact besides its manifest: a directory's index and an incremental's deletions. */
    public java.util.List<Path> sidecars() {
        java.util.List<Path> all = new java.util.ArrayList<>(java.util.List.of(TreeIndex.fileFor(file, id), file.resolveSibling(id + DELETED_SUFFIX)));
        if (manifest.get("sidecars") instanceof Map<?, ?> named) {
            named.keySet().forEach(name -> all.add(file.resolveSibling(String.valueOf(name))));
        }
        return all;
    }

    /** True when the artifact is a tar archive: a directory's backup, or a dump that is a directory (pg_dump -Fd). */
    public boolean tarArchive() {
        return source instanceof BackupTarget.Dir
                || manifest.get("artifact") instanceof Map<?, ?> a && "tar".equals(a.get("archive"));
    }

    static final String DELETED_SUFFIX = ".deleted";

    /**
     * The compressed length of each gzip member or zstd frame, as the manifest lists them (under the compression's
     * {@code framesKey}), or null: a backup from before Ripcord listed them (zstd), or another tool's file.
     */
    java.util.List<Long> frameSizes() {
        Object frames = compression.framesKey != null && manifest.get("artifact") instanceof Map<?, ?> a ? a.get(compression.framesKey) : null;
        return frames instanceof java.util.List<?> sizes && sizes.stream().allMatch(Number.class::isInstance)
                ? sizes.stream().map(n -> ((Number) n).longValue()).toList() : null;
    }

    /** Groovy property access in runbooks: artifact.path, artifact.size, artifact.sha256, artifact.id. */
    public String getPath() { return file.toString(); }
    public ByteSize getSize() { return new ByteSize(size); }
    public String getSha256() { return sha256; }
    public String getId() { return id; }
    public Instant getCreated() { return created; }

    /** The manifest is written after the artifact, atomically: if it exists, the artifact is complete. */
    void writeManifest() throws IOException {
        byte[] json = (JsonOutput.prettyPrint(JsonOutput.toJson(manifest)) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(manifestFile(), out -> {
            out.write(json);
            return null;
        });
    }

    /** Reads an artifact back from its manifest (its file must sit beside it). */
    @SuppressWarnings("unchecked")
    public static Artifact read(Path manifestFile) throws IOException {
        Map<String, Object> m;
        try {
            m = (Map<String, Object>) new JsonSlurper().parseText(Files.readString(manifestFile));
        } catch (groovy.json.JsonException | ClassCastException e) {
            throw new java.nio.file.FileSystemException(manifestFile.toString(), null, "not a valid manifest (its JSON does not parse: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        Map<String, Object> artifact = m.get("artifact") instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
        if (artifact == null || !(artifact.get("file") instanceof String name)) {
            throw new IOException(manifestFile + " is not a Ripcord manifest");
        }
        return fromManifest(m, manifestFile.resolveSibling(name), manifestFile);
    }

    /** The artifact a manifest describes, its file at {@code file}; {@code where} names the manifest in errors. */
    @SuppressWarnings("unchecked")
    static Artifact fromManifest(Map<String, Object> m, Path file, Object where) throws IOException {
        Map<String, Object> source = m.get("source") instanceof Map<?, ?> s ? (Map<String, Object>) s : null;
        Map<String, Object> artifact = m.get("artifact") instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
        if (source == null || artifact == null || m.get("id") == null) {
            throw new IOException(where + " is not a Ripcord manifest");
        }
        return new Artifact((String) m.get("id"), BackupTarget.fromManifest((String) m.get("kind"), source),
                file, ((Number) artifact.get("size")).longValue(), (String) artifact.get("sha256"),
                Compression.named((String) artifact.get("compression")), Instant.parse((String) m.get("created")), m);
    }

    /** The artifact as the catalog recorded it at backup time (its manifest then, its file where it was written). */
    @SuppressWarnings("unchecked")
    static Artifact fromCatalog(CatalogEntry entry) throws IOException {
        Path file = Path.of(entry.path());
        if (entry.manifestJson() == null) {
            return read(manifestFileOf(file));
        }
        return fromManifest((Map<String, Object>) new JsonSlurper().parseText(entry.manifestJson()), file, "the catalog's entry " + entry.id());
    }

    public CatalogEntry toCatalogEntry(String runId, String step) {
        return new CatalogEntry(id, kind(), source.id(), file.toString(), size, sha256, created, runId, step,
                JsonOutput.toJson(manifest), safetyCopy() ? CatalogEntry.Role.SAFETY_COPY : CatalogEntry.Role.BACKUP,
                CatalogEntry.Origin.RUN, null);
    }

    @Override
    public String toString() {
        return "backup " + id + " (" + new ByteSize(size) + ")";
    }
}
