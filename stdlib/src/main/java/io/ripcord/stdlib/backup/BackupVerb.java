package io.ripcord.stdlib.backup;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.files.AtomicFile;
import io.ripcord.stdlib.storage.Compression;
import io.ripcord.units.ByteSize;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.problem.ProblemCode;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;
import io.ripcord.stdlib.service.ServiceTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code backup db, to: 'backups/app', keep: 30.days}: a verified-ready artifact with manifest and catalog entry. */
public final class BackupVerb implements Verb {

    private static final VerbSpec SPEC = VerbSpec.named("backup")
            .summary("Back up a target (sqlite, postgres, dir, file, image): consistent, compressed, SHA-256, manifest, catalog, retention.")
            .positional("target")
            .required("target", ArgType.ANY, "what to back up: sqlite('path'), postgres('url'), dir('path'), file('path') or image('name:tag')")
            .required("to", ArgType.PLACE, "the directory the artifact and its manifest are written to, or a list: that directory and the"
                    + " repositories it is then copied to (to: ['/var/backups/app', 's3://bucket/app'])")
            .optional("compress", ArgType.STRING, "'gzip' ('none' for postgres)", "'gzip' or 'zstd' (both on every core), or 'none'")
            .optional("incremental", ArgType.BOOLEAN, "false", "directories: only what changed since the last full backup (restore applies both)")
            .optional("jobs", ArgType.INTEGER, "1", "postgres: dump with N parallel jobs (pg_dump -Fd -j N, archived as tar) instead of -Fc")
            .optional("globals", ArgType.BOOLEAN, "false", "postgres: also pg_dumpall --globals-only (roles, tablespaces) beside the dump")
            .optional("keep", ArgType.ANY, null, "retention: the newest N backups (keep: 10) or those younger than an age (keep: 30.days)")
            .optional("keepDaily", ArgType.INTEGER, null, "retention: the newest backup of each of the last N days")
            .optional("keepWeekly", ArgType.INTEGER, null, "retention: the newest backup of each of the last N weeks")
            .optional("keepMonthly", ArgType.INTEGER, null, "retention: the newest backup of each of the last N months")
            .optional("exclude", ArgType.ANY, "nothing", "directories: globs left out of the archive; '*.log' matches a name at any depth, 'cache/**' a path from the tree's root")
            .optional("quiesce", ArgType.ANY, "nothing", "services stopped for the copy and started again after, on failure too: container('mongo') or a list")
            .optional("manifestKey", ArgType.STRING, "this home's key", "seal the manifest with this key (secret('NAME')) so another machine holding it trusts the backup")
            .optional("encrypt", ArgType.RECIPIENT, "not encrypted", "encrypt the copies in repositories with age to this recipient (an age1… public key"
                    + " from age-keygen) or list of them; the local backup stays plain")
            .rule(Destinations::literalRule)
            .returns(Artifact.class, "the backup; give it to verify and restore")
            .example("def snapshot = backup sqlite('/app/data/db.sqlite'), to: '/var/backups/app', keep: 30.days")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        BackupTarget target;
        try {
            target = Args.target(call, "target", context);
        } catch (VerbFailure e) { // a volume the engine cannot show now: the run will say the same, the plan says it first
            return PlannedAction.of(ActionKind.CREATE, "back up " + call.value("target") + " to " + call.string("to", "."))
                    .detail("source", "PROBLEM: " + e.getMessage());
        }
        Compression compression = Args.compression(call, target);
        Retention retention = Retention.of(call);
        Destinations where = Destinations.of(call, context);
        Path to = where.local();
        String extension = target instanceof ServerTarget server ? server.extension(dumpOptions(call)) : target.extension();
        PlannedAction action = PlannedAction.of(ActionKind.CREATE, (call.flag("incremental", false) ? "incrementally back up " : "back up ")
                + target + " to " + where.localText()
                + " as " + target.stem() + "-<time>" + extension + compression.suffix());
        io.ripcord.stdlib.crypt.AgeEncryption encryption = encryption(call, where);
        if (!where.remotes().isEmpty()) {
            action = action.detail("copies", "then to " + String.join(", ", where.remotes().stream().map(Object::toString).toList())
                    + (encryption == null ? "" : ", encrypted with age to " + encryption.recipients().size() + " recipient(s) (the local backup stays plain)")
                    + " (manifest last; retention only after every copy)");
        }
        TreeSelection selection = selection(call, target);
        action = action.detail("source", target instanceof ServerTarget server ? server.describeSource() : describeSource((BackupTarget.PathTarget) target, selection));
        if (selection.excludesAnything()) {
            action = action.detail("excluding", String.join(", ", selection.patterns()));
        }
        List<ServiceTarget> services = quiesced(call);
        if (!services.isEmpty()) {
            action = action.detail("quiesce", Quiesce.describe(services, context));
        }
        if (retention != null) {
            action = action.detail("retention", describeDeletions(target, to, retention, call.flag("incremental", false)));
        }
        return action;
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws VerbFailure, IOException {
        BackupTarget target = Args.target(call, "target", context);
        Compression compression = Args.compression(call, target);
        Retention retention = Retention.of(call);
        Destinations where = Destinations.of(call, context);
        io.ripcord.stdlib.crypt.AgeEncryption encryption = encryption(call, where);
        Path to = where.local();
        if (target instanceof BackupTarget.PathTarget p) {
            requireSource(p);
            String nothing = target instanceof BackupTarget.Dir ? selection(call, target).leavesNothing(p.path()) : null;
            if (nothing != null) { // before quiesce: nothing is stopped for a backup that cannot be
                throw new VerbFailure(ProblemCode.STEP_FAILED, nothing, "narrow exclude: (a pattern without '/' matches a name at any depth,"
                        + " so '*' matches every file); a backup of nothing is refused, and nothing was written");
            }
        }
        Artifact artifact = earlierAttempt(target, to, context);
        if (artifact != null) {
            context.output().info("this run wrote " + artifact.file() + " before it stopped (" + new ByteSize(artifact.size())
                    + ", sha256 " + artifact.sha256().substring(0, 12) + "): the resume " + (where.remotes().isEmpty() ? "keeps it" : "ships it")
                    + " rather than taking another backup");
        } else {
            artifact = takeBackup(call, target, compression, to, context);
        }
        CrashPoint.reach("backup: written, not yet copied", context);
        // a failed copy fails the step here, before retention: nothing is deleted after a failed upload
        for (io.ripcord.stdlib.repository.Repository remote : where.remotes()) {
            Offsite.ship(artifact, remote, encryption, call.string("manifestKey", null), context);
        }
        if (retention != null) {
            for (Artifact old : retention.toDelete(backupsOnly(to, target), Instant.now())) {
                Retention.delete(old, context);
                context.output().info("retention deleted " + old.file().getFileName());
            }
            for (io.ripcord.stdlib.repository.Repository remote : where.remotes()) {
                Offsite.retain(remote, target, retention, context);
            }
        }
        return artifact;
    }

    /** Quiesces what quiesce: names, writes the artifact, catalogs it and starts the services again. */
    private static Artifact takeBackup(VerbCall call, BackupTarget target, Compression compression, Path to, VerbContext context)
            throws VerbFailure, IOException {
        List<ServiceTarget> services = quiesced(call);
        Quiesce quiesce = null;
        if (!services.isEmpty()) {
            try {
                quiesce = Quiesce.stop(services, target.id(), context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VerbFailure("interrupted while stopping the services quiesce: names for the copy",
                        "resume the run: it starts those this backup stopped");
            }
            CrashPoint.reach("backup: quiesced services stopped", context);
        }
        Artifact artifact;
        try {
            artifact = write(call, target, compression, to, quiesce == null ? List.of() : quiesce.stopped(), context);
        } catch (VerbFailure | RuntimeException e) {
            if (quiesce != null) {
                quiesce.startAgain(context); // the copy's failure is the one to report; this warns of any that did not start
            }
            throw e;
        }
        List<String> notStarted = quiesce == null ? List.of() : quiesce.startAgain(context);
        context.catalog().add(artifact.toCatalogEntry(context.run().runId(), context.step()));
        context.output().info("wrote " + artifact.file() + " (" + new ByteSize(artifact.size()) + ", sha256 " + artifact.sha256().substring(0, 12) + ")");
        if (!notStarted.isEmpty()) {
            throw quiesce.notStarted(notStarted); // the backup is cataloged; retention waits for a run whose services came back
        }
        return artifact;
    }

    /**
     * The backup of this target this run's step wrote in a call that never completed: killed, or failed after the write
     * (a copy that did not go up, a quiesced service that did not start). A resume continues with it — ships it, runs
     * the retention — rather than taking a second backup and leaving the first unshipped. Backups that completed calls
     * of this run returned are not it (a step may back the same target up twice).
     */
    private static Artifact earlierAttempt(BackupTarget target, Path to, VerbContext context) {
        String runId = context.run().runId();
        if (runId == null) {
            return null;
        }
        java.util.Set<Object> returned = new java.util.HashSet<>();
        for (io.ripcord.verb.PastCall past : context.history()) {
            if (past.result() instanceof Artifact a) {
                returned.add(a.id());
            } else if (past.result() instanceof Map<?, ?> m && "backup".equals(past.verb())) {
                returned.add(m.get("backup"));
            }
        }
        Path dir = to.toAbsolutePath().normalize();
        io.ripcord.catalog.CatalogEntry newest = null;
        for (io.ripcord.catalog.CatalogEntry entry : context.catalog().bySource(target.id())) {
            Path file = Path.of(entry.path()).toAbsolutePath().normalize();
            if (runId.equals(entry.runId()) && context.step().equals(entry.step())
                    && entry.role() == io.ripcord.catalog.CatalogEntry.Role.BACKUP && !returned.contains(entry.id())
                    && dir.equals(file.getParent()) && Files.isRegularFile(file)
                    && (newest == null || entry.createdAt().isAfter(newest.createdAt()))) {
                newest = entry;
            }
        }
        try {
            return newest == null ? null : Artifact.fromCatalog(newest);
        } catch (IOException e) {
            return null; // its manifest is unreadable: take a new backup, as before
        }
    }

    /** encrypt: is for what leaves the machine: refused when to: names no repository to copy to. */
    private static io.ripcord.stdlib.crypt.AgeEncryption encryption(VerbCall call, Destinations where) {
        io.ripcord.stdlib.crypt.AgeEncryption encryption = EncryptedCopy.of(call);
        if (encryption != null && where.remotes().isEmpty()) {
            throw Args.invalid(call, "backup encrypt: encrypts the copies in repositories, and to: names none (the local backup"
                    + " is never encrypted); add one: to: ['" + where.localText() + "', 's3://BUCKET/PREFIX'], or leave encrypt: out");
        }
        return encryption;
    }

    private static Artifact write(VerbCall call, BackupTarget target, Compression compression, Path to, List<String> quiesced,
                                  VerbContext context) throws VerbFailure {
        try {
            boolean incremental = call.flag("incremental", false);
            if (incremental && !(target instanceof BackupTarget.Dir)) {
                throw new VerbFailure("incremental: true is for dir(...) targets; " + target + " is always backed up whole",
                        "drop incremental:");
            }
            if ((call.has("jobs") || call.has("globals")) && !(target instanceof ServerTarget)) {
                throw new VerbFailure("jobs: and globals: are for database servers (postgres(...)); " + target + " has neither",
                        "drop jobs: and globals:");
            }
            return BackupWriter.write(target, to, compression, false,
                    new BackupWriter.Options(incremental, dumpOptions(call), call.string("manifestKey", null), selection(call, target), quiesced), context);
        } catch (SQLException e) {
            throw new VerbFailure(freeBytes(to) < FULL_BELOW ? ProblemCode.DISK_FULL : ProblemCode.STEP_FAILED, "cannot back up " + target + ": " + e.getMessage(),
                    "check that it is a SQLite database and not locked by a long write transaction");
        } catch (IOException e) {
            throw new VerbFailure(codeOf(e, to), "cannot write the backup of " + target + " to " + to + ": " + describe(e, to), nextFor(e, to));
        }
    }

    /** quiesce: the services stopped for the copy (none when not given). */
    private static List<ServiceTarget> quiesced(VerbCall call) {
        if (!call.has("quiesce")) {
            return List.of();
        }
        try {
            return Quiesce.services(call.value("quiesce"));
        } catch (IllegalArgumentException e) {
            throw Args.invalid(call, "backup " + e.getMessage());
        }
    }

    @Override
    public Object journal(Object result) {
        return ArtifactResults.journal((Artifact) result);
    }

    @Override
    public Object restore(Object data) {
        return ArtifactResults.restore(data);
    }

    /** What exclude: leaves out; refused for anything but a directory, whose archive is the only one with entries. */
    private static TreeSelection selection(VerbCall call, BackupTarget target) {
        if (!call.has("exclude")) {
            return TreeSelection.ALL;
        }
        if (!(target instanceof BackupTarget.Dir)) {
            throw Args.invalid(call, "backup exclude: is for dir(...) targets; " + target + " is backed up whole");
        }
        Object patterns = call.value("exclude");
        if (!(patterns instanceof List<?> || patterns instanceof CharSequence)) {
            throw Args.invalid(call, "backup exclude: expects a glob or a list of globs like ['*.log', 'cache/**'], got " + patterns);
        }
        try {
            return TreeSelection.of(patterns instanceof List<?> list ? list : List.of(patterns));
        } catch (IllegalArgumentException e) {
            throw Args.invalid(call, "backup " + e.getMessage());
        }
    }

    private static ServerTarget.DumpOptions dumpOptions(VerbCall call) {
        return new ServerTarget.DumpOptions((int) Math.max(1, call.integer("jobs", 1)), call.flag("globals", false));
    }

    static void requireSource(BackupTarget.PathTarget target) throws VerbFailure {
        Path path = target.path();
        boolean ok = switch (target.kind()) {
            case "dir" -> Files.isDirectory(path);
            default -> Files.isRegularFile(path);
        };
        if (!ok) {
            throw new VerbFailure(ProblemCode.TARGET_MISSING, target + " does not exist" + (Files.exists(path) ? " as a " + (target.kind().equals("dir") ? "directory" : "file") : ""),
                    "check the path; a backup of nothing is refused rather than recorded as empty");
        }
        if (target instanceof BackupTarget.Sqlite && !SqliteSnapshot.looksLikeSqlite(path)) {
            throw new VerbFailure(ProblemCode.TARGET_MISSING, target + " is not a SQLite database (its header is wrong)", "point sqlite() at the database file itself");
        }
    }

    private static String describeSource(BackupTarget.PathTarget target, TreeSelection selection) {
        try {
            requireSource(target);
            long size = target instanceof BackupTarget.Dir ? TreeArchive.totalBytes(selection.walk(target.path())) : Files.size(target.path());
            return new ByteSize(size) + (target instanceof BackupTarget.Sqlite sqlite && Files.exists(Path.of(sqlite.path() + "-wal"))
                    ? " (in WAL mode: copied through the backup API)" : "");
        } catch (VerbFailure e) {
            return "PROBLEM: " + e.getMessage();
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
    }

    /**
     * What retention will delete once this backup is written: it counts, as in the run, so {@code keep: 2} with two
     * backups there deletes the older one.
     */
    private static String describeDeletions(BackupTarget target, Path to, Retention retention, boolean incremental) {
        try {
            List<Artifact> existing = backupsOnly(to, target);
            List<Artifact> after = new java.util.ArrayList<>(existing);
            after.add(upcoming(target, to, existing, incremental));
            List<Artifact> doomed = retention.toDelete(after, Instant.now());
            return doomed.isEmpty() ? "deletes nothing" : "would delete " + String.join(", ", doomed.stream().map(a -> a.file().getFileName().toString()).toList());
        } catch (IOException e) {
            return "cannot list " + to + ": " + e.getMessage();
        }
    }

    /** The backup this call will write, as retention sees it: the newest, built on the newest full one if incremental. */
    private static Artifact upcoming(BackupTarget target, Path to, List<Artifact> existing, boolean incremental) {
        Map<String, Object> manifest = new java.util.HashMap<>();
        existing.stream().filter(a -> !a.incremental()).max(java.util.Comparator.comparing(Artifact::created))
                .filter(base -> incremental)
                .ifPresent(base -> manifest.put("incremental", Map.of("baseFile", base.file().getFileName().toString())));
        return new Artifact("(this backup)", target, to.resolve("(this backup)"), 0, "", Compression.NONE, Instant.now(), manifest);
    }

    /** A source's backups in a directory, its safety copies left out: they are kept by their own rule. */
    private static List<Artifact> backupsOnly(Path to, BackupTarget target) throws IOException {
        return Args.backupsIn(to, target.id()).stream().filter(a -> !a.safetyCopy()).toList();
    }

    static String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.contains("No space left") ? "the disk is full (" + m + ")" : m;
    }

    /** As {@link #describe(IOException)}, and a full destination said as such even when SQLite called it an I/O error. */
    private static String describe(IOException e, Path to) {
        String m = describe(e);
        return !m.startsWith("the disk is full") && freeBytes(to) < FULL_BELOW ? "the disk is full (" + m + ")" : m;
    }

    private static String nextFor(IOException e, Path to) {
        if (String.valueOf(e.getMessage()).endsWith("Not a directory")) {
            return "a file stands where a directory of " + to + " must be: move it, or give another to:"
                    + "; nothing was left behind there";
        }
        String what = switch (codeOf(e, to)) {
            case DESTINATION_NOT_WRITABLE -> "make " + to + " writable for this user, or give another to:";
            case DISK_FULL -> "free space in " + to + ", or give another to:";
            case INTERRUPTED -> "the run was stopped while it wrote: run it again, or `ripcord resume RUN`";
            default -> "check free space and permissions in " + to;
        };
        return what + "; nothing was left behind there (the partial files were removed)";
    }

    /** Why writing into {@code dir} failed, as a problem code: not writable, full, or (neither known) the step's failure. */
    static ProblemCode codeOf(Exception e, Path dir) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.io.InterruptedIOException || Thread.currentThread().isInterrupted()) {
            return ProblemCode.INTERRUPTED; // a signal stopped the write: neither the disk nor the permissions
        }
        if (e instanceof java.nio.file.AccessDeniedException || m.contains("Read-only file system") || m.contains("not writable")
                || m.contains("Operation not permitted")
                || e instanceof java.nio.file.NotDirectoryException || e instanceof java.nio.file.FileAlreadyExistsException
                || m.endsWith("Not a directory")) {
            return ProblemCode.DESTINATION_NOT_WRITABLE;
        }
        return m.contains("No space left") || freeBytes(dir) < FULL_BELOW ? ProblemCode.DISK_FULL : ProblemCode.STEP_FAILED;
    }

    /** Less free space than this in the destination after a failed write: the disk is what is full. */
    private static final long FULL_BELOW = 1L << 20;

    private static long freeBytes(Path dir) {
        try {
            java.nio.file.FileStore store = Files.getFileStore(Files.exists(dir) ? dir : dir.toAbsolutePath().getParent());
            // a file system of no size (/proc, /sys) is never "full": what failed there is something else
            return store.getTotalSpace() == 0 ? Long.MAX_VALUE : store.getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
