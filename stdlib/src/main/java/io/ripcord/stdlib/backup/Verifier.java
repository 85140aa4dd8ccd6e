package io.ripcord.stdlib.backup;

import groovy.lang.Closure;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.storage.HashingInputStream;
import io.ripcord.units.ByteSize;
import io.ripcord.units.Counts;
import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbFailure;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Real verification of an artifact, in one pass over the file: its size and SHA-256 against the manifest while the
 * compressed stream is decompressed to the end and, for a directory, every tar entry read. A SQLite backup is then
 * checked on a scratch copy — integrity_check (or quick_check), foreign_key_check and the runbook's own SQL
 * assertions — never on the live database. Everything that fails is reported together.
 */
public final class Verifier {

    /** What to check beyond checksum and a full read. */
    public record Options(boolean integrity, boolean quick, ByteSize minSize, String query, Object expect, boolean restoreTest) {
        public static final Options FULL = new Options(true, false, null, null, null, false);
    }

    /** What was checked, for the output and the journal; {@code queryValue}: what query: gave, else null. */
    public record Verification(String artifact, List<String> checks, Object queryValue) {
        public Verification(String artifact, List<String> checks) {
            this(artifact, checks, null);
        }
    }

    /**
     * What the content must match and who says so: "the catalog" when the catalog vouched for the manifest, else
     * "the manifest"; {@code whose} names the artifact a wrong SHA-256 really belongs to (null when none).
     */
    public record Expectation(String authority, java.util.function.Function<String, String> whose, io.ripcord.verb.VerbOutput progressTo) {
        public static final Expectation MANIFEST = new Expectation("the manifest", sha -> null, null);
    }

    /** Starts a check that passed with a caveat the restore repeats as a warning. */
    static final String NOT_ROOT = "not root: ";

    private Verifier() {
    }

    public static Verification verify(Artifact given, Options options) throws VerbFailure {
        return verify(given, options, null);
    }

    /**
     * Verifies and, in the same pass, puts the content at {@code into}: the decompressed file (SQLite, file) or the
     * extracted tree (directory, into an existing directory). A restore uses this to read the artifact once; the
     * content is only trusted if verification passes. With {@code into} null, nothing is kept.
     */
    public static Verification verify(Artifact given, Options options, Path into) throws VerbFailure {
        return verify(given, options, into, Expectation.MANIFEST);
    }

    public static Verification verify(Artifact given, Options options, Path into, Expectation expected) throws VerbFailure {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Object[] queryValue = {null};
        Artifact artifact = manifestOnDisk(given);
        String says = expected.authority() + " says ";
        Path file = artifact.file();
        if (!Files.isRegularFile(file)) {
            throw new VerbFailure(ProblemCode.BACKUP_MISSING, "backup " + artifact.id() + " is gone: " + file + " does not exist",
                    "look for it with `ripcord backups`, or take a new backup");
        }
        Path scratch = null;
        try {
            long size = Files.size(file);
            if (size != artifact.size()) {
                failed.add("size is " + size + " bytes, " + says + artifact.size() + (size < artifact.size() ? " (truncated)" : ""));
            }
            if (options.minSize() != null && size < options.minSize().bytes()) {
                failed.add("size " + new ByteSize(size) + " is below minSize " + options.minSize());
            }
            boolean sqliteChecks = artifact.source() instanceof BackupTarget.Sqlite;
            ServerTarget server = artifact.source() instanceof ServerTarget s ? s : null;
            Path content = into;
            if (content == null && (sqliteChecks || server != null)) {
                // a server's tools read the artifact itself when it is stored as is; anything else is unpacked for them
                if (server != null && !artifact.tarArchive() && artifact.compression() == io.ripcord.stdlib.storage.Compression.NONE) {
                    content = file;
                } else {
                    scratch = AtomicFile.tempFor(file.resolveSibling(artifact.id() + ".verify"));
                    content = scratch;
                    if (artifact.tarArchive()) {
                        AtomicFile.createPrivateDirectory(scratch);
                    }
                }
            }
            String sha;
            InputStream raw = Files.newInputStream(file);
            if (expected.progressTo() != null) { // the artifact's bytes as they are read: the one pass verify and restore make
                raw = new io.ripcord.stdlib.storage.ProgressInputStream(raw,
                        new io.ripcord.stdlib.storage.Progress(expected.progressTo(), into == null ? "verified" : "unpacked", size));
            }
            try (HashingInputStream hashed = new HashingInputStream(raw)) {
                // closing the decompressor (and its threads) must not close the file: the hash still reads to the end
                try (InputStream stream = decompress(artifact, org.apache.commons.io.input.CloseShieldInputStream.wrap(hashed))) {
                    readContent(artifact, stream, content == file ? null : content, passed, failed);
                } catch (TreeArchive.UnsafeEntry e) {
                    failed.add(UNSAFE + e.getMessage());
                } catch (IOException e) {
                    if (content != null && content != file && writingFailed(e, content)) {
                        throw unpackFailed(artifact, content, e); // the destination's fault, not the backup's
                    }
                    failed.add("the " + artifact.compression().id() + " stream is damaged: " + e.getMessage());
                }
                hashed.drain();
                sha = hashed.sha256();
            }
            if (!sha.equals(artifact.sha256())) {
                String whose = expected.whose().apply(sha);
                failed.add("SHA-256 is " + sha + ", " + says + artifact.sha256() + (whose == null ? "" : " (" + whose + ")"));
            } else {
                passed.add("sha256 " + sha.substring(0, 12) + " and size " + new ByteSize(size) + " match " + expected.authority());
            }
            checkSidecars(artifact, passed, failed);
            if (sqliteChecks && failed.isEmpty()) {
                queryValue[0] = checkSqlite(content, options, passed, failed);
            }
            if (server != null && failed.isEmpty()) {
                queryValue[0] = server.verifyContent(artifact, content, options, passed, failed);
            }
            if (options.restoreTest() && failed.isEmpty() && artifact.source() instanceof BackupTarget.Dir) {
                restoreTest(artifact, passed, failed);
            }
        } catch (IOException e) {
            failed.add("cannot read " + file + ": " + e.getMessage());
        } finally {
            deleteQuietly(scratch);
        }
        if (!failed.isEmpty() && Thread.currentThread().isInterrupted()) {
            // a signal stopped the read (and the tools it runs, with their process group): what failed then says
            // nothing of the backup
            throw new VerbFailure(ProblemCode.INTERRUPTED, "the verification of backup " + artifact.id()
                    + " was interrupted before it finished: nothing was decided about the backup", "verify it again");
        }
        if (failed.stream().anyMatch(f -> f.startsWith(UNSAFE))) { // an attack or a foreign tool's archive, not wear
            throw new VerbFailure(ProblemCode.UNSAFE_ARCHIVE, "backup " + artifact.id() + " failed verification: " + String.join("; ", failed),
                    "this backup is not safe to restore: do not extract it by hand either; restore an older one (`ripcord backups`)");
        }
        if (!failed.isEmpty()) {
            throw new VerbFailure(ProblemCode.VERIFICATION_FAILED, "backup " + artifact.id() + " failed verification: " + String.join("; ", failed),
                    "do not restore it; take a new backup, or verify an older one (`ripcord backups`)");
        }
        return new Verification(artifact.id(), passed, queryValue[0]);
    }

    /**
     * What {@link #verify} checks for a backup of {@code source}, in the order it checks, for the plan; a null source
     * (a backup the plan cannot name yet) lists what every kind gets and says the rest depends on its kind.
     */
    public static List<String> plannedChecks(BackupTarget source, Options options) {
        List<String> checks = new ArrayList<>(List.of("size and sha256 against the manifest",
                source instanceof BackupTarget.Dir ? "full read of the tar archive" : "full read of the stream"));
        if (options.minSize() != null) {
            checks.add("at least " + options.minSize());
        }
        if (source instanceof ServerTarget server) {
            checks.addAll(server.plannedChecks(options));
        } else if (source instanceof BackupTarget.Sqlite) {
            if (options.integrity()) {
                checks.add((options.quick() ? "quick_check" : "integrity_check") + " + foreign_key_check (SQLite)");
            }
            if (options.query() != null) {
                checks.add("query " + options.query() + " on a scratch copy");
            }
        } else if (source instanceof BackupTarget.Dir && options.restoreTest()) {
            checks.add("restore test in a scratch directory");
        } else if (source == null) {
            checks.add("the checks of its kind (SQLite, PostgreSQL, image, directory), known when it runs");
        }
        return checks;
    }

    /** Files the manifest lists beside the artifact (a PostgreSQL backup's globals) must be there, unchanged. */
    private static void checkSidecars(Artifact artifact, List<String> passed, List<String> failed) throws IOException {
        if (!(artifact.manifest().get("sidecars") instanceof Map<?, ?> sidecars)) {
            return;
        }
        for (Map.Entry<?, ?> sidecar : sidecars.entrySet()) {
            Path path = artifact.file().resolveSibling(String.valueOf(sidecar.getKey()));
            if (!Files.isRegularFile(path)) {
                failed.add(sidecar.getKey() + " is missing");
                continue;
            }
            try (HashingInputStream in = new HashingInputStream(Files.newInputStream(path))) {
                in.drain();
                if (in.sha256().equals(sidecar.getValue())) {
                    passed.add(sidecar.getKey() + ": sha256 matches the manifest");
                } else {
                    failed.add(sidecar.getKey() + ": SHA-256 is " + in.sha256() + ", the manifest says " + sidecar.getValue());
                }
            }
        }
    }

    /** Our own gzip and zstd artifacts list their frames: those are decompressed on every core; anything else streams. */
    static InputStream decompress(Artifact artifact, InputStream compressed) throws IOException {
        return artifact.compression().decompress(compressed, artifact.frameSizes());
    }

    /** The manifest as it is on disk now: what a restore by hand would trust, so it is what verification checks. */
    private static Artifact manifestOnDisk(Artifact given) throws VerbFailure {
        try {
            Artifact onDisk = Artifact.read(given.manifestFile());
            if (!onDisk.id().equals(given.id())) {
                throw new VerbFailure(ProblemCode.CATALOG_MISMATCH, "the manifest beside " + given.file() + " describes " + onDisk.id() + ", not " + given.id(),
                        "the backup directory was tampered with; do not restore from it");
            }
            if (onDisk.size() != given.size() || !Objects.equals(onDisk.sha256(), given.sha256())) {
                throw new VerbFailure(ProblemCode.CATALOG_MISMATCH, "the manifest beside " + given.file() + " changed while " + given.id() + " was being checked",
                        "the backup directory is being tampered with; do not restore from it");
            }
            return onDisk;
        } catch (java.io.IOException | RuntimeException e) {
            throw new VerbFailure(ProblemCode.MANIFEST_INVALID, "backup " + given.id() + " has no readable manifest (" + given.manifestFile() + "): " + e.getMessage(),
                    "without its manifest a backup cannot be checked; take a new one");
        }
    }

    private static void readContent(Artifact artifact, InputStream content, Path into, List<String> passed, List<String> failed)
            throws IOException {
        if (artifact.tarArchive()) {
            TreeArchive.Contents read = into == null ? TreeArchive.read(content) : TreeArchive.extract(content, into);
            Object expected = artifact.manifest().get("contents");
            if (expected instanceof Map<?, ?> c && (((Number) c.get("files")).longValue() != read.files()
                    || ((Number) c.get("bytes")).longValue() != read.bytes())) {
                failed.add("the archive holds " + Counts.of(read.files(), "file") + ", " + Counts.of(read.bytes(), "byte")
                        + "; the manifest says " + Counts.of(((Number) c.get("files")).longValue(), "file") + ", "
                        + Counts.of(((Number) c.get("bytes")).longValue(), "byte"));
            } else {
                passed.add("tar read to the end: " + Counts.of(read.files(), "file") + ", " + read.directories()
                        + (read.directories() == 1 ? " directory, " : " directories, ") + Counts.of(read.symlinks(), "symlink") + ", "
                        + new ByteSize(read.bytes()));
                if (!read.modesNotKept().isEmpty()) {
                    passed.add(NOT_ROOT + "the setuid, setgid or sticky bits of " + read.modesNotKept().size() + " entries were not kept ("
                            + String.join(", ", read.modesNotKept().subList(0, Math.min(3, read.modesNotKept().size())))
                            + (read.modesNotKept().size() > 3 ? ", ..." : "") + "); restore as root to keep them");
                }
            }
        } else if (into != null) {
            try (OutputStream out = AtomicFile.createPrivateFile(into)) {
                content.transferTo(out);
            }
            passed.add(artifact.compression().id() + " stream read to the end");
        } else {
            content.transferTo(OutputStream.nullOutputStream());
            passed.add(artifact.compression().id() + " stream read to the end");
        }
    }

    /** The SQLite checks on a scratch copy; returns what query: gave (null without one). */
    private static Object checkSqlite(Path copy, Options options, List<String> passed, List<String> failed) {
        Object value = null;
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection db = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + copy, config.toProperties()); Statement s = db.createStatement()) {
            if (options.integrity()) {
                String check = options.quick() ? "quick_check" : "integrity_check";
                List<String> problems = column(s, "PRAGMA " + check);
                if (problems.equals(List.of("ok"))) {
                    passed.add(check + ": ok");
                } else {
                    failed.add(check + ": " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
                }
                List<String> keys = column(s, "PRAGMA foreign_key_check");
                if (keys.isEmpty()) {
                    passed.add("foreign_key_check: ok");
                } else {
                    failed.add("foreign_key_check: " + Counts.of(keys.size(), "row") + (keys.size() == 1 ? " violates" : " violate") + " foreign keys");
                }
            }
            if (options.query() != null) {
                try (ResultSet r = s.executeQuery(options.query())) {
                    value = r.next() ? r.getObject(1) : null;
                }
                if (expectationHolds(options.expect(), value)) {
                    passed.add("query " + options.query() + " = " + value);
                } else {
                    failed.add("query " + options.query() + " returned " + value + ", which does not meet expect: "
                            + ExpectationText.describe(options.expect()));
                }
            }
        } catch (SQLException e) {
            failed.add("SQLite cannot read the backup: " + e.getMessage());
        }
        return value;
    }

    /**
     * Whether a failure is a verdict on the backup, recorded as a failed verify that keeps it from every restore; not
     * a wrong age identity, a server that does not answer or refuses what a check needs (a scratch database), nor
     * an interruption: those say nothing of the content.
     */
    public static boolean isVerdict(VerbFailure e) {
        return e.code() != ProblemCode.DECRYPTION_FAILED && e.code() != ProblemCode.ENGINE_UNAVAILABLE
                && e.code() != ProblemCode.REPOSITORY_UNAVAILABLE && e.code() != ProblemCode.INTERRUPTED;
    }

    /** What {@code expect:} asks of a query's first value: equal to a value, true for a closure, or non-null when absent. */
    public static boolean expectationHolds(Object expect, Object value) {
        if (expect == null) {
            return value != null;
        }
        if (expect instanceof Closure<?> closure) {
            // Groovy truth of what the closure returned (false, 0, null and "" are false)
            return DefaultTypeTransformation.castToBoolean(closure.call(value));
        }
        return Objects.equals(String.valueOf(expect), String.valueOf(value));
    }

    private static void restoreTest(Artifact artifact, List<String> passed, List<String> failed) throws IOException {
        Path scratch = AtomicFile.tempFor(artifact.file().resolveSibling(artifact.id() + ".restore-test"));
        AtomicFile.createPrivateDirectory(scratch);
        try (InputStream in = decompress(artifact, Files.newInputStream(artifact.file()))) {
            TreeArchive.Contents restored = TreeArchive.extract(in, scratch);
            passed.add("restore test: " + Counts.of(restored.files(), "file") + ", " + new ByteSize(restored.bytes()) + " restored into a scratch directory");
        } catch (IOException e) {
            failed.add("restore test failed: " + e.getMessage());
        } finally {
            AtomicFile.deleteTree(scratch);
        }
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(String.valueOf(r.getObject(1)));
            }
        }
        return out;
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                AtomicFile.deleteTree(p);
            }
        } catch (IOException ignored) {
            // a leftover scratch file carries the temporary mark and is removed by the next backup in this directory
        }
    }

    /** Writing the unpacked copy failed (a full or read-only destination), as opposed to reading the backup. */
    /** How a failure found while unpacking an archive's entries starts (an entry escaping the target). */
    private static final String UNSAFE = "the archive is unsafe to extract: ";

    private static boolean writingFailed(IOException e, Path content) {
        String m = String.valueOf(e.getMessage());
        return e instanceof FileSystemException f && f.getFile() != null && Path.of(f.getFile()).startsWith(content)
                || m.contains("No space left") || m.contains("Read-only file system");
    }

    private static VerbFailure unpackFailed(Artifact artifact, Path content, IOException e) {
        Path dir = content.toAbsolutePath().getParent();
        ProblemCode code = BackupVerb.codeOf(e, dir);
        String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : BackupVerb.describe(e);
        return new VerbFailure(code, "cannot unpack " + artifact.id() + " into " + dir + ": " + why + "; the partial copy was removed",
                code == ProblemCode.DISK_FULL ? "free space in " + dir + ", or restore to: another place"
                        : "make " + dir + " writable for this user, or restore to: another place");
    }

}
