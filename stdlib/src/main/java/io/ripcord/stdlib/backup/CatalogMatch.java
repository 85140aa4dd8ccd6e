package io.ripcord.stdlib.backup;

import groovy.json.JsonSlurper;
import io.ripcord.catalog.ArtifactCatalog;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.problem.ProblemCode;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The first stage of verify and restore, "match the catalog": the manifest beside the file must describe that file
 * and be the one the catalog recorded at backup time (so its size and SHA-256 are the catalog's, which the full read
 * then checks the content against). An artifact the catalog does not know is believed only when its manifest's seal
 * verifies with this home's key or the runbook's {@code manifestKey:}, or when the runbook says {@code trust: 'manifest'}.
 * Every refusal says what differs and which artifact the files really are.
 */
final class CatalogMatch {

    /** The artifact as it may be checked now, and its catalog entry (null when it is not cataloged). */
    record Matched(Artifact artifact, CatalogEntry entry) {
    }

    /** What a runbook may say about trust: the key to check seals with, and whether a manifest alone is enough. */
    record Trust(String manifestKey, boolean manifestAlone) {
        static final Trust DEFAULT = new Trust(null, false);
    }

    private CatalogMatch() {
    }

    static Matched match(Artifact given, Trust trust, VerbContext context) throws VerbFailure {
        Path file = given.file().toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            // a shared journal catalogs every machine's backups: one made elsewhere is on that machine's disk
            java.util.Optional<String> host = context.catalog().elsewhere(given.id());
            if (host.isPresent()) {
                throw new VerbFailure(ProblemCode.BACKUP_MISSING, "backup " + given.id() + " is on the disk of " + host.get()
                        + " (" + file + "), not on this machine", "run this on " + host.get() + ", or copy " + file.getFileName()
                        + " and its .manifest.json to " + file.getParent() + " here (checked against the catalog before use)");
            }
        }
        Path manifestFile = given.manifestFile();
        Map<String, Object> onDisk = readManifest(given, manifestFile);
        ArtifactCatalog catalog = context.catalog();
        String diskId = String.valueOf(onDisk.get("id"));
        String diskFile = onDisk.get("artifact") instanceof Map<?, ?> a ? String.valueOf(a.get("file")) : null;
        String name = file.getFileName().toString();
        if (!name.equals(diskFile) || !diskId.equals(given.id()) || !name.startsWith(diskId)) {
            throw refused(given, "the manifest beside " + file + " describes backup " + diskId + " (file " + diskFile + "), not "
                    + given.id() + " (file " + name + "): the files were renamed, swapped or copied over", rightOnes(given.id(), diskId, catalog));
        }
        CatalogEntry entry = catalog.byId(given.id()).orElse(null);
        if (entry != null && !Path.of(entry.path()).toAbsolutePath().normalize().equals(file) && !Offsite.fetchedCopyOf(file, entry, context)) {
            throw refused(given, "the catalog has backup " + given.id() + " at " + entry.path() + ", not at " + file,
                    "use the cataloged file (`ripcord backups`), or catalog this copy with `ripcord backups --rescan DIR`");
        }
        if (entry != null && entry.origin() == CatalogEntry.Origin.RUN && entry.manifestJson() != null) {
            List<String> differs = differences(parse(entry.manifestJson()), onDisk);
            if (!differs.isEmpty()) {
                throw refused(given, "its manifest " + manifestFile + " is not the one cataloged at backup time: "
                        + String.join("; ", differs), rightOnes(given.id(), null, catalog));
            }
        } else if (!trust.manifestAlone()) {
            requireSeal(given, onDisk, entry, trust, context);
        } else {
            context.output().warn("trust: 'manifest': " + given.id() + " is checked against its manifest alone, which nothing vouches for");
        }
        Artifact matched;
        try {
            matched = Artifact.fromManifest(onDisk, file, manifestFile);
        } catch (IOException | RuntimeException e) {
            throw refused(ProblemCode.MANIFEST_INVALID, given, manifestFile + " is not a Ripcord manifest: " + e.getMessage(), "take a new backup");
        }
        if (entry != null && (entry.size() != matched.size() || !Objects.equals(entry.sha256(), matched.sha256()))) {
            throw refused(given, "its manifest says " + matched.size() + " bytes, SHA-256 " + matched.sha256() + "; the catalog recorded "
                    + entry.size() + " bytes, SHA-256 " + entry.sha256(), rightOnes(given.id(), null, catalog));
        }
        return new Matched(matched, entry);
    }

    /** What a restore may go on with: the matched artifact, the checks to apply again, what the content must match. */
    record Restorable(Artifact artifact, Verifier.Options options, Verifier.Expectation expectation) {
    }

    /**
     * The catalog stage of a restore: the artifact matches the catalog, did not fail a verify, and is at least the
     * minSize its verify asked for; the checks that verify ran are applied again while it is unpacked.
     */
    static Restorable forRestore(Artifact given, Trust trust, VerbContext context) throws VerbFailure {
        Matched matched;
        try {
            matched = match(given, trust, context);
        } catch (VerbFailure e) {
            throw e.reworded("refusing to restore: " + e.getMessage() + untouched(given), e.next());
        }
        CatalogEntry entry = matched.entry();
        if (entry != null && entry.failedVerify()) {
            throw new VerbFailure(ProblemCode.VERIFICATION_FAILED, "refusing to restore: backup " + given.id() + " failed verify at " + entry.verification().at() + ": "
                    + entry.verification().failure() + "; a backup that failed verify is never restored" + untouched(given),
                    nextVerified(entry, context.catalog()));
        }
        Verifier.Options options = RecordedChecks.options(entry == null || entry.verification() == null ? null : entry.verification().checks());
        if (entry != null && entry.verification() != null) {
            context.output().info("applying the checks " + given.id() + " was verified with: " + RecordedChecks.describe(options, given.source()));
        }
        if (options.minSize() != null) {
            try {
                long size = Files.size(matched.artifact().file());
                if (size < options.minSize().bytes()) {
                    throw new VerbFailure(ProblemCode.VERIFICATION_FAILED, "refusing to restore: backup " + given.id() + " is " + new ByteSize(size)
                            + ", below the minSize " + options.minSize() + " it was verified with" + untouched(given),
                            nextVerified(entry, context.catalog()));
                }
            } catch (IOException e) {
                // a missing file is reported by the full read, with the rest
            }
        }
        return new Restorable(matched.artifact(), options, Args.expectation(matched, context));
    }

    private static String untouched(Artifact given) {
        return "; " + given.source() + " was not touched";
    }

    /** The newest backup of the same source that is not refused, for the "what to do next". */
    private static String nextVerified(CatalogEntry refused, ArtifactCatalog catalog) {
        return catalog.bySource(refused.source()).stream()
                .filter(e -> !e.safetyCopy() && !e.failedVerify() && !e.id().equals(refused.id()))
                .findFirst().map(e -> "restore another backup: " + e.id() + " (made " + e.createdAt() + ", "
                        + (e.verification() == null ? "not verified yet" : "verified") + ")")
                .orElse("take a new backup and verify it; no other backup of " + refused.source() + " is cataloged");
    }

    /** Who the file with this SHA-256 really is, per the catalog; null when the catalog has no such content. */
    static String whoseContent(ArtifactCatalog catalog, String sha256) {
        List<CatalogEntry> same = catalog.bySha256(sha256);
        return same.isEmpty() ? null : "that content is backup " + same.get(0).id() + "'s (made " + same.get(0).createdAt()
                + ", cataloged at " + same.get(0).path() + ")";
    }

    private static void requireSeal(Artifact given, Map<String, Object> onDisk, CatalogEntry entry, Trust trust, VerbContext context)
            throws VerbFailure {
        ManifestSeal.Check check;
        try {
            check = ManifestSeal.check(onDisk, ManifestSeal.checking(context, trust.manifestKey()));
        } catch (IOException e) {
            throw refused(ProblemCode.MANIFEST_INVALID, given, "this home's manifest key cannot be read: " + e.getMessage(), "fix " + context.home());
        }
        String why = entry == null ? "it is not in this catalog (brought from another machine or journal)"
                : "it was cataloged from its manifest (backups --rescan), which only its seal vouches for";
        switch (check.verdict()) {
            case SEALED_BY_KEY -> context.output().info(given.id() + ": manifest seal verified (key " + check.keyId() + ")");
            case UNSEALED -> throw refused(ProblemCode.MANIFEST_INVALID, given, why + " and its manifest carries no seal",
                    "if you trust where it came from, say trust: 'manifest'");
            case UNKNOWN_KEY -> throw refused(ProblemCode.MANIFEST_INVALID, given, why + " and its manifest is sealed with key " + check.keyId()
                    + ", which is neither this home's nor a manifestKey: given",
                    "give the key it was sealed with (manifestKey: secret('NAME')), or say trust: 'manifest'");
            case FORGED -> throw refused(ProblemCode.MANIFEST_INVALID, given, why + " and its manifest was changed after it was sealed with key " + check.keyId()
                    + " (the seal does not match)", "do not restore it; restore a backup whose manifest is intact");
        }
    }

    /** Top-level fields that differ, and within artifact/source each field; the seal is compared as a whole. */
    @SuppressWarnings("unchecked")
    static List<String> differences(Map<String, Object> cataloged, Map<String, Object> onDisk) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(union(cataloged.keySet(), onDisk.keySet()))) {
            Object then = cataloged.get(key);
            Object now = onDisk.get(key);
            if (then instanceof Map<?, ?> t && now instanceof Map<?, ?> n && !"seal".equals(key)) {
                for (String sub : new TreeSet<>(union((java.util.Set<String>) t.keySet(), (java.util.Set<String>) n.keySet()))) {
                    if (!ManifestSeal.canonical(t.get(sub)).equals(ManifestSeal.canonical(n.get(sub)))) {
                        out.add(key + "." + sub + " is " + show(n.get(sub)) + ", the catalog says " + show(t.get(sub)));
                    }
                }
            } else if (!ManifestSeal.canonical(then).equals(ManifestSeal.canonical(now))) {
                out.add(key + " is " + show(now) + ", the catalog says " + show(then));
            }
        }
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String show(Object value) {
        String text = value == null ? "missing" : value instanceof Map<?, ?> ? ManifestSeal.canonical(value) : String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** Which artifact each id really is, for the "what to do next" of a mismatch. */
    private static String rightOnes(String wanted, String found, ArtifactCatalog catalog) {
        List<String> hints = new ArrayList<>();
        if (found != null && !found.equals(wanted)) {
            catalog.byId(found).ifPresent(e -> hints.add("these files hold backup " + found + " (made " + e.createdAt()
                    + ", cataloged at " + e.path() + ")"));
        }
        catalog.byId(wanted).ifPresent(e -> hints.add("backup " + wanted + " is a " + new ByteSize(e.size()) + " file with SHA-256 "
                + e.sha256() + " at " + e.path()));
        hints.add("restore a backup that matches the catalog (`ripcord backups --check --deep` checks them all)");
        return String.join("; ", hints);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readManifest(Artifact given, Path manifestFile) throws VerbFailure {
        if (!Files.isRegularFile(manifestFile)) {
            throw refused(ProblemCode.MANIFEST_INVALID, given, "its manifest " + manifestFile + " is missing",
                    "without its manifest a backup cannot be checked; restore another one (`ripcord backups`)");
        }
        try {
            return parse(Files.readString(manifestFile));
        } catch (IOException | RuntimeException e) {
            throw refused(ProblemCode.MANIFEST_INVALID, given, "the manifest of backup " + given.id() + " cannot be read: " + manifestFile + " is not valid JSON ("
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); the backup was not used",
                    "put back the manifest " + manifestFile + " from another copy of the backup, or take a new backup;"
                            + " `ripcord backups` lists the others");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        Object parsed = new JsonSlurper().parseText(json);
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new LinkedHashMap<>((Map<String, Object>) m);
    }

    /** The files say another backup than the catalog does: swapped, tampered, or copied from elsewhere. */
    private static VerbFailure refused(Artifact given, String why, String next) {
        return refused(ProblemCode.CATALOG_MISMATCH, given, why, next);
    }

    private static VerbFailure refused(ProblemCode code, Artifact given, String why, String next) {
        return new VerbFailure(code, "backup " + given.id() + " does not match the catalog: " + why, next);
    }
}
