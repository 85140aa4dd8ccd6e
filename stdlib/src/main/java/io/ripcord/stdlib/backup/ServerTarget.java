package io.ripcord.stdlib.backup;

import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A target that is a database server, dumped and restored by its own tools (PostgreSQL's pg_dump and pg_restore).
 * The backup family keeps what every artifact shares — naming, atomic write, SHA-256, manifest, catalog, retention,
 * the checksum half of verify, refusing unverified restores — and asks the target for what only it knows.
 */
public interface ServerTarget extends BackupTarget {

    /** Rebuilds targets of one kind from manifests; listed in META-INF/services so Artifact.read finds them. */
    interface Kind {
        String kind();

        ServerTarget fromManifest(Map<String, Object> source);
    }

    /** How {@code backup} asked for the dump: {@code jobs:} (parallel, directory format), {@code globals:} (roles too). */
    record DumpOptions(int jobs, boolean globals) {
        public static final DumpOptions DEFAULT = new DumpOptions(1, false);
    }

    /**
     * What a dump wrote. {@code directory}: the dump is a directory (archived as tar into the artifact); {@code
     * format}, {@code tools} and {@code restoreByHand} go to the manifest; {@code sidecars} are files written beside
     * the artifact (name -> sha256), kept and deleted with it.
     */
    record Dump(boolean directory, String format, Map<String, Object> tools, Map<String, String> sidecars, String restoreByHand) {
    }

    /** Dumps compress already: compressing them again costs time and saves nothing. */
    default Compression defaultCompression() {
        return Compression.NONE;
    }

    String extension(DumpOptions options);

    @Override
    default String extension() {
        return extension(DumpOptions.DEFAULT);
    }

    /** For plans: what a backup would read (size, version), or what stops it now. Looks, never touches. */
    String describeSource();

    /**
     * Dumps into {@code temp} (a file, or a directory when {@link Dump#directory}), complete and on disk when it
     * returns; {@code artifact} is the name it will have (stored with {@code compression}), {@code id} the backup's id.
     */
    Dump dump(Path temp, Path artifact, String id, Compression compression, DumpOptions options, VerbContext context)
            throws VerbFailure, IOException;

    /**
     * The checks only the server's tools can make, once size and SHA-256 passed: {@code content} is the dump itself
     * (the artifact file, or a decompressed or extracted scratch copy of it). What the content fails goes to
     * {@code failed} (the verdict); a failure that says nothing of the backup (the server refuses what the check
     * needs) is thrown, with a code {@link Verifier#isVerdict} does not count as one. Returns what {@code query:}
     * gave (recorded with the verify, shown by a restore), or null without one.
     */
    Object verifyContent(Artifact artifact, Path content, Verifier.Options options, List<String> passed, List<String> failed)
            throws VerbFailure;

    /** Verify's plan half: the checks {@link #verifyContent} would make. */
    List<String> plannedChecks(Verifier.Options options);

    /** Restore's plan half: {@code to} is restore's to: argument, or null. */
    PlannedAction planRestore(Artifact artifact, Object to, VerbContext context);

    /**
     * Restore's apply half, as the stages after match ({@link StagedRestore}); the artifact matched the catalog and
     * has not been verified yet. Refuses a {@code to:} it cannot restore to.
     */
    StagedRestore restoring(Artifact artifact, Object to, VerbContext context) throws VerbFailure;
}
