package io.ripcord.catalog;

import java.time.Instant;

/**
 * One artifact in the catalog: its id, kind (sqlite, dir, file), the source it was taken from (the target's id),
 * where it is, its size and SHA-256, when it was made, by which run and step, and its manifest (JSON).
 */
public record CatalogEntry(String id, String kind, String source, String path, long size, String sha256, Instant createdAt,
                           String runId, String step, String manifestJson) {
}
