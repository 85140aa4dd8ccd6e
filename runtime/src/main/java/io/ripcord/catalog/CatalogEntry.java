package io.ripcord.catalog;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One artifact in the catalog: its id, kind (sqlite, dir, file), the source it was taken from (the target's id),
 * where it is, its size and SHA-256, when it was made, by which run and step, and its manifest (JSON). The size and
 * SHA-256 recorded here at backup time are what the file must still match before it is verified or restored.
 *
 * <p>{@code role}: a backup, or a restore's safety copy (listed apart, kept by its own rule). {@code origin}: written
 * by a run of this journal, or read from a manifest ({@code backups --rescan}), whose content only its signature
 * vouches for. {@code verification}: the last {@code verify} of it, null when never verified.
 */
public record CatalogEntry(String id, String kind, String source, String path, long size, String sha256, Instant createdAt,
                           String runId, String step, String manifestJson, Role role, Origin origin, Verification verification) {

    public enum Role {
        /** What {@code backup} wrote: returned by lastBackup/backups, counted by its retention. */
        BACKUP,
        /** What {@code restore} took of the state it replaced: never a backup unless asked for, kept by its own rule. */
        SAFETY_COPY
    }

    public enum Origin {
        /** Cataloged by the run that wrote it: its size and SHA-256 are the root of trust. */
        RUN,
        /** Cataloged from a manifest found on disk: trusted only as far as the manifest's signature goes. */
        MANIFEST
    }

    /**
     * The last verification: passed or not, when, the checks that ran ({@code checks}, JSON: integrity, quick,
     * minSize, query, expect) so a restore applies them again, and what failed.
     */
    public record Verification(boolean passed, Instant at, String checks, String failure) {
    }

    private static final Pattern SAFETY = Pattern.compile("\"safetyCopy\"\\s*:\\s*true");

    /** An entry as a run writes it; its role read from the manifest's safetyCopy mark. */
    public CatalogEntry(String id, String kind, String source, String path, long size, String sha256, Instant createdAt,
                        String runId, String step, String manifestJson) {
        this(id, kind, source, path, size, sha256, createdAt, runId, step, manifestJson, roleOf(manifestJson), Origin.RUN, null);
    }

    public static Role roleOf(String manifestJson) {
        return manifestJson != null && SAFETY.matcher(manifestJson).find() ? Role.SAFETY_COPY : Role.BACKUP;
    }

    public boolean safetyCopy() {
        return role == Role.SAFETY_COPY;
    }

    /** True when a verify of it failed: never lastBackup (unless asked for), never restored. */
    public boolean failedVerify() {
        return verification != null && !verification.passed();
    }

    public CatalogEntry verified(Verification v) {
        return new CatalogEntry(id, kind, source, path, size, sha256, createdAt, runId, step, manifestJson, role, origin, v);
    }

    public CatalogEntry from(Origin o) {
        return new CatalogEntry(id, kind, source, path, size, sha256, createdAt, runId, step, manifestJson, role, o, verification);
    }
}
