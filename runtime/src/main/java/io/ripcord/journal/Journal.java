package io.ripcord.journal;

import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import io.ripcord.catalog.CatalogCopy;
import io.ripcord.catalog.CatalogEntry;
import io.ripcord.exec.RunState;
import io.ripcord.process.ProcessGroup;
import io.ripcord.process.ProcessIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The journal store: one SQLite file in WAL mode with {@code synchronous=FULL}, so every write is on disk before the
 * call that made it returns. One instance per process; methods are synchronized because the lock heartbeat writes
 * from its own thread.
 */
public final class Journal implements AutoCloseable {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final Connection db;
    /**
     * The journal's redaction boundary: every text it stores or looks up passes through it, so no write path can put a
     * secret in the file (a lock name, an event, an error), and a lookup by a name that holds one finds its row.
     */
    private volatile UnaryOperator<String> secrets = UnaryOperator.identity();

    private Journal(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens the journal, creating it (and its directory) when it does not exist yet. */
    public static Journal open(Path file) {
        try {
            // owner-only whatever the umask, and also in a home that already exists: the journal holds every run's arguments
            Files.createDirectories(file.toAbsolutePath().getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                io.ripcord.files.AtomicFile.makePrivate(file); // SQLite gives its -wal and -shm the database's mode
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process created it first, owner-only as well
        } catch (IOException e) {
            throw JournalProblems.unusable(file, new SQLException("unable to open: " + e.getMessage()));
        }
        return connect(file);
    }

    /** Opens the journal only if it exists: reading commands never create one. */
    public static Optional<Journal> openExisting(Path file) {
        return Files.exists(file) ? Optional.of(connect(file)) : Optional.empty();
    }

    /** Masks {@code redactor}'s secrets in everything this journal writes from now on. */
    public Journal maskingSecrets(UnaryOperator<String> redactor) {
        this.secrets = redactor;
        return this;
    }

    public Path file() {
        return file;
    }

    /**
     * Opens, retrying a short while when SQLite answers "busy" while the journal is being set up: processes creating
     * the same new journal at once (switching it to WAL, migrating) can get that at once, before any busy timeout.
     */
    private static Journal connect(Path file) {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(file);
            } catch (RunbookException e) {
                boolean busy = e.first().code() == ProblemCode.JOURNAL_UNAVAILABLE && e.first().message().contains("stayed busy");
                if (!busy || attempt >= 40) {
                    throw e;
                }
                try {
                    Thread.sleep(25L * Math.min(attempt, 8));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Journal connectOnce(Path file) {
        checkHeader(file);
        Connection db = null;
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            // writers take the write lock when their transaction begins, so "read then write" cannot race another process
            config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setBusyTimeout(10_000);
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try (Statement s = db.createStatement()) {
                // one statement, one snapshot: read one by one, a journal another process was creating at that moment
                // could look like "no id, but tables": someone else's database
                int appId;
                int version;
                boolean empty;
                try (ResultSet r = s.executeQuery("SELECT (SELECT application_id FROM pragma_application_id()),"
                        + " (SELECT user_version FROM pragma_user_version()), NOT EXISTS (SELECT 1 FROM sqlite_master)")) {
                    r.next();
                    appId = r.getInt(1);
                    version = r.getInt(2);
                    empty = r.getBoolean(3);
                }
                if (appId != JournalSchema.APPLICATION_ID && !(appId == 0 && version == 0 && empty)) {
                    throw JournalProblems.corrupt(file, "it is another program's SQLite database");
                }
                if (version > JournalSchema.latest()) {
                    throw JournalProblems.corrupt(file, "it was written by a newer Ripcord (schema " + version
                            + ", this one knows " + JournalSchema.latest() + "); upgrade Ripcord");
                }
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA foreign_keys = ON");
                if (version < JournalSchema.latest()) {
                    migrate(db, version);
                }
            }
            return new Journal(file, db);
        } catch (SQLException e) {
            close(db);
            throw JournalProblems.unusable(file, e);
        } catch (RuntimeException e) {
            close(db);
            throw e;
        }
    }

    private static void checkHeader(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if (header.length > 0 && !java.util.Arrays.equals(header, SQLITE_HEADER)) {
                throw JournalProblems.corrupt(file, "it is not a SQLite database");
            }
        } catch (IOException e) {
            throw JournalProblems.unusable(file, new SQLException("unable to open: " + e.getMessage()));
        }
    }

    private static void migrate(Connection db, int seen) throws SQLException {
        db.setAutoCommit(false); // BEGIN IMMEDIATE: one process migrates, the others wait and then find it done
        try (Statement s = db.createStatement()) {
            int from = intPragma(s, "user_version");
            for (int v = from; v < JournalSchema.latest(); v++) {
                for (String sql : JournalSchema.MIGRATIONS.get(v).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
            }
            s.execute("PRAGMA application_id = " + JournalSchema.APPLICATION_ID);
            s.execute("PRAGMA user_version = " + JournalSchema.latest());
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static int intPragma(Statement s, String name) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    // ---- runs

    /** What a new run records. */
    public record NewRun(String id, String kind, String runbook, String version, String file, String sha256,
                         Map<String, String> stepHashes, Map<String, Object> params, Operator operator) {
    }

    public synchronized RunRecord createRun(NewRun run) {
        long now = System.currentTimeMillis();
        ProcessIdentity owner = ProcessIdentity.of(run.operator().pid()).orElse(null);
        update("INSERT INTO runs (id, kind, runbook, version, file, sha256, step_hashes, params, user_name, host, pid, state,"
                        + " started_at, updated_at, owner_start, owner_boot, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.kind(), run.runbook(), run.version(), run.file(), run.sha256(), JsonOutput.toJson(run.stepHashes()),
                JsonOutput.toJson(run.params()), run.operator().user(), run.operator().host(), run.operator().pid(),
                RunState.RUNNING.name(), now, now, owner == null ? null : owner.startTicks(), owner == null ? null : owner.bootId(), now);
        return run(run.id()).orElseThrow();
    }

    /**
     * Claims a run for a resume, atomically: false when another live process is running it right now (two operators
     * resuming the same run at once must not both act).
     */
    public synchronized boolean claimRun(String id, Operator operator, String sha256, Map<String, String> stepHashes) {
        return inTransaction(() -> {
            RunRecord now = run(id).orElseThrow();
            if (now.state() == RunState.RUNNING && !now.operator().equals(operator) && !now.ownerGone()) {
                return false;
            }
            reopenRun(id, operator, sha256, stepHashes);
            return true;
        });
    }

    /** A resumed run belongs to whoever resumed it, and is running again. Only through {@link #claimRun}. */
    private void reopenRun(String id, Operator operator, String sha256, Map<String, String> stepHashes) {
        ProcessIdentity owner = ProcessIdentity.of(operator.pid()).orElse(null);
        long now = System.currentTimeMillis();
        update("UPDATE runs SET state = ?, user_name = ?, host = ?, pid = ?, sha256 = ?, step_hashes = ?, updated_at = ?,"
                        + " finished_at = NULL, error = NULL, error_code = NULL, owner_start = ?, owner_boot = ?, heartbeat_at = ? WHERE id = ?",
                RunState.RUNNING.name(), operator.user(), operator.host(), operator.pid(), sha256, JsonOutput.toJson(stepHashes),
                now, owner == null ? null : owner.startTicks(), owner == null ? null : owner.bootId(), now, id);
    }

    /** The owner of a run under way is alive: see {@link RunOwner}. */
    public synchronized void heartbeatRun(String id) {
        update("UPDATE runs SET heartbeat_at = ? WHERE id = ? AND state = ?", System.currentTimeMillis(), id, RunState.RUNNING.name());
    }

    public synchronized void finishRun(String id, RunState state, String error) {
        finishRun(id, state, error, null);
    }

    /** {@code code}: the problem code that ended the run (null when none did). */
    public synchronized void finishRun(String id, RunState state, String error, ProblemCode code) {
        long now = System.currentTimeMillis();
        update("UPDATE runs SET state = ?, updated_at = ?, finished_at = ?, error = ?, error_code = ? WHERE id = ?", state.name(), now,
                state == RunState.RUNNING ? null : now, error, code == null ? null : code.name(), id);
    }

    public synchronized Optional<RunRecord> run(String id) {
        List<RunRecord> found = runs("SELECT * FROM runs WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Newest first; null filters match everything. */
    public synchronized List<RunRecord> runs(String runbook, RunState state, int limit) {
        return runs("SELECT * FROM runs WHERE (? IS NULL OR runbook = ?) AND (? IS NULL OR state = ?)"
                        + " ORDER BY started_at DESC, id DESC LIMIT ?",
                runbook, runbook, state == null ? null : state.name(), state == null ? null : state.name(), limit);
    }

    /** The newest run of a runbook version, if it ever ran: for "content changed but version not bumped". */
    public synchronized Optional<RunRecord> lastRunOf(String runbook, String version) {
        List<RunRecord> found = runs("SELECT * FROM runs WHERE runbook = ? AND version = ? ORDER BY started_at DESC LIMIT 1",
                runbook, version);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @SuppressWarnings("unchecked")
    private List<RunRecord> runs(String sql, Object... args) {
        return query(sql, r -> new RunRecord(r.getString("id"), r.getString("kind"), r.getString("runbook"),
                r.getString("version"), r.getString("file"), r.getString("sha256"),
                (Map<String, String>) new JsonSlurper().parseText(r.getString("step_hashes")),
                new LinkedHashMap<>((Map<String, Object>) new JsonSlurper().parseText(r.getString("params"))),
                new Operator(r.getString("user_name"), r.getString("host"), r.getLong("pid")),
                RunState.valueOf(r.getString("state")), instant(r, "started_at"), instant(r, "updated_at"),
                instant(r, "finished_at"), r.getString("error"), r.getString("error_code"), ownerProcess(r),
                instant(r, "heartbeat_at")), args);
    }

    private static ProcessIdentity ownerProcess(ResultSet r) throws SQLException {
        long ticks = r.getLong("owner_start");
        return r.wasNull() ? null : new ProcessIdentity(r.getLong("pid"), ticks, r.getString("owner_boot"));
    }

    // ---- steps

    public synchronized void stepStarted(String runId, int index, String name) {
        update("INSERT OR REPLACE INTO steps (run_id, idx, name, state, started_at) VALUES (?, ?, ?, ?, ?)",
                runId, index, name, RunState.RUNNING.name(), System.currentTimeMillis());
    }

    public synchronized void stepFinished(String runId, int index, RunState state, String error) {
        update("UPDATE steps SET state = ?, finished_at = ?, error = ? WHERE run_id = ? AND idx = ?",
                state.name(), System.currentTimeMillis(), error, runId, index);
    }

    public synchronized List<StepRecord> steps(String runId) {
        return query("SELECT * FROM steps WHERE run_id = ? ORDER BY idx", r -> new StepRecord(r.getInt("idx"), r.getString("name"),
                r.getString("state"), instant(r, "started_at"), instant(r, "finished_at"), r.getString("error")), runId);
    }

    // ---- calls

    public synchronized void callStarted(String runId, int ordinal, String step, String verb, int line, String argsHash, String argsJson) {
        update("INSERT OR REPLACE INTO calls (run_id, ordinal, step, verb, line, args_hash, args, state, started_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, ordinal, step, verb, line, argsHash, argsJson, CallRecord.CallState.STARTED.name(), System.currentTimeMillis());
    }

    public synchronized void callFinished(String runId, int ordinal, CallRecord.CallState state, String resultJson, String error,
                                          long elapsedMillis) {
        update("UPDATE calls SET state = ?, result = ?, error = ?, finished_at = ?, elapsed_ms = ? WHERE run_id = ? AND ordinal = ?",
                state.name(), resultJson, error, System.currentTimeMillis(), elapsedMillis, runId, ordinal);
    }

    /** Marks a failed call as the one that stopped its run, so a resume acts it again rather than replaying its failure. */
    public synchronized void callStoppedRun(String runId, int ordinal) {
        update("UPDATE calls SET state = ? WHERE run_id = ? AND ordinal = ? AND state = ?",
                CallRecord.CallState.STOPPED_RUN.name(), runId, ordinal, CallRecord.CallState.FAILED.name());
    }

    public synchronized List<CallRecord> calls(String runId) {
        return query("SELECT * FROM calls WHERE run_id = ? ORDER BY ordinal", Journal::call, runId);
    }

    public synchronized Optional<CallRecord> call(String runId, int ordinal) {
        List<CallRecord> found = query("SELECT * FROM calls WHERE run_id = ? AND ordinal = ?", Journal::call, runId, ordinal);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static CallRecord call(ResultSet r) throws SQLException {
        long elapsed = r.getLong("elapsed_ms");
        Long elapsedMillis = r.wasNull() ? null : elapsed; // a call still under way has none
        return new CallRecord(r.getInt("ordinal"), r.getString("step"), r.getString("verb"), r.getInt("line"),
                r.getString("args_hash"), r.getString("args"), CallRecord.CallState.valueOf(r.getString("state")),
                r.getString("result"), r.getString("error"), instant(r, "started_at"), elapsedMillis);
    }

    // ---- the backup catalog

    public synchronized void addArtifact(CatalogEntry e) {
        CatalogEntry.Verification v = e.verification();
        update("INSERT OR REPLACE INTO artifacts (id, run_id, step, kind, source, path, size, sha256, created_at, manifest,"
                        + " role, origin, verify_passed, verified_at, verify_checks, verify_failure)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(), e.runId() != null && run(e.runId()).isPresent() ? e.runId() : null, e.step(), e.kind(), e.source(), e.path(),
                e.size(), e.sha256(), e.createdAt().toEpochMilli(), e.manifestJson(),
                e.safetyCopy() ? "safety" : "backup", e.origin() == CatalogEntry.Origin.MANIFEST ? "manifest" : "run",
                v == null ? null : v.passed() ? 1 : 0, v == null ? null : v.at().toEpochMilli(), v == null ? null : v.checks(),
                v == null ? null : v.failure());
    }

    public synchronized void removeArtifact(String id) {
        update("DELETE FROM artifacts WHERE id = ?", id);
    }

    /** Newest first, safety copies included; every artifact when source is null. */
    public synchronized List<CatalogEntry> artifacts(String source) {
        return query("SELECT * FROM artifacts WHERE (? IS NULL OR source = ?) ORDER BY created_at DESC, id DESC", Journal::artifact,
                source, source);
    }

    private static CatalogEntry artifact(ResultSet r) throws SQLException {
        int passed = r.getInt("verify_passed");
        CatalogEntry.Verification v = r.wasNull() ? null
                : new CatalogEntry.Verification(passed == 1, instant(r, "verified_at"), r.getString("verify_checks"), r.getString("verify_failure"));
        return new CatalogEntry(r.getString("id"), r.getString("kind"), r.getString("source"), r.getString("path"),
                r.getLong("size"), r.getString("sha256"), instant(r, "created_at"), r.getString("run_id"),
                r.getString("step"), r.getString("manifest"),
                "safety".equals(r.getString("role")) ? CatalogEntry.Role.SAFETY_COPY : CatalogEntry.Role.BACKUP,
                "manifest".equals(r.getString("origin")) ? CatalogEntry.Origin.MANIFEST : CatalogEntry.Origin.RUN, v);
    }

    // ---- copies of artifacts in repositories (offsite)

    public synchronized void addCopy(CatalogCopy c) {
        update("INSERT OR REPLACE INTO artifact_copies (artifact_id, repository, object_key, copied_at, run_id, verify_passed, verified_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                c.artifactId(), c.repository(), c.key(), c.copiedAt().toEpochMilli(), c.runId(),
                c.verifyPassed() == null ? null : c.verifyPassed() ? 1 : 0, c.verifiedAt() == null ? null : c.verifiedAt().toEpochMilli());
    }

    public synchronized void removeCopy(String artifactId, String repository) {
        update("DELETE FROM artifact_copies WHERE artifact_id = ? AND repository = ?", artifactId, repository);
    }

    /** Oldest first; every copy when artifactId is null. */
    public synchronized List<CatalogCopy> copies(String artifactId) {
        return query("SELECT * FROM artifact_copies WHERE (? IS NULL OR artifact_id = ?) ORDER BY copied_at, repository", r -> {
            int passed = r.getInt("verify_passed");
            Boolean verified = r.wasNull() ? null : passed == 1;
            return new CatalogCopy(r.getString("artifact_id"), r.getString("repository"), r.getString("object_key"),
                    instant(r, "copied_at"), r.getString("run_id"), verified, verified == null ? null : instant(r, "verified_at"));
        }, artifactId, artifactId);
    }

    // ---- the process groups of a run's commands

    public synchronized void groupStarted(String runId, ProcessGroup group, String program) {
        update("INSERT INTO process_groups (run_id, pgid, leader_start, boot_id, program, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                runId, group.pgid(), group.leaderStartTicks(), group.bootId(), program, System.currentTimeMillis());
    }

    public synchronized void groupEnded(String runId, ProcessGroup group) {
        update("UPDATE process_groups SET ended_at = ? WHERE run_id = ? AND pgid = ? AND leader_start = ? AND ended_at IS NULL",
                System.currentTimeMillis(), runId, group.pgid(), group.leaderStartTicks());
    }

    /** A command's group as journaled. */
    public record GroupRecord(ProcessGroup group, String program, Instant startedAt) {
    }

    /** The groups of {@code runId} whose command never ended: all of them stopped if its owner was killed. */
    public synchronized List<GroupRecord> openGroups(String runId) {
        return query("SELECT * FROM process_groups WHERE run_id = ? AND ended_at IS NULL ORDER BY started_at",
                r -> new GroupRecord(new ProcessGroup(r.getLong("pgid"), r.getLong("leader_start"), r.getString("boot_id")),
                        r.getString("program"), instant(r, "started_at")), runId);
    }

    // ---- locks and events

    /** Takes the lock for {@code runId}, or returns who holds it. A holder whose lease ran out or whose process is gone is replaced. */
    public synchronized Optional<LockHolder> tryLock(String name, String runId, Operator operator, java.time.Duration lease) {
        return inTransaction(() -> {
            Optional<LockHolder> holder = lockHolder(name);
            long now = System.currentTimeMillis();
            boolean sameHolder = holder.isPresent() && holder.get().runId().equals(runId) && holder.get().operator().equals(operator);
            if (holder.isPresent() && !sameHolder
                    && holder.get().expires().toEpochMilli() > now && !holder.get().operator().isDeadOnThisHost()) {
                return holder;
            }
            update("INSERT OR REPLACE INTO locks (name, run_id, user_name, host, pid, acquired_at, heartbeat_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    name, runId, operator.user(), operator.host(), operator.pid(), now, now, now + lease.toMillis());
            return Optional.empty();
        });
    }

    /** Renews the lease; false when the lock is no longer this run's (it expired and was taken, or was broken). */
    public synchronized boolean heartbeat(String name, String runId, java.time.Duration lease) {
        long now = System.currentTimeMillis();
        return update("UPDATE locks SET heartbeat_at = ?, expires_at = ? WHERE name = ? AND run_id = ?",
                now, now + lease.toMillis(), name, runId) == 1;
    }

    public synchronized void release(String name, String runId) {
        update("DELETE FROM locks WHERE name = ? AND run_id = ?", name, runId);
    }

    public synchronized Optional<LockHolder> lockHolder(String name) {
        List<LockHolder> found = query("SELECT * FROM locks WHERE name = ?", r -> new LockHolder(r.getString("name"),
                r.getString("run_id"), new Operator(r.getString("user_name"), r.getString("host"), r.getLong("pid")),
                instant(r, "acquired_at"), instant(r, "expires_at")), name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Breaks a lock whoever holds it, and journals who did. */
    /** The names of the locks held now, as stored: a secret in a name is its placeholder, {@code ${secret:NAME}}. */
    public synchronized List<String> lockNames() {
        return query("SELECT name FROM locks ORDER BY name", r -> r.getString(1));
    }

    public synchronized Optional<LockHolder> breakLock(String name, Operator by) {
        return inTransaction(() -> {
            Optional<LockHolder> holder = lockHolder(name);
            holder.ifPresent(h -> {
                update("DELETE FROM locks WHERE name = ?", name);
                event(h.runId(), "unlock", "lock '" + name + "' held by " + h.operator() + " since " + h.since()
                        + " broken by " + by, by);
            });
            return holder;
        });
    }

    public synchronized void event(String runId, String kind, String detail, Operator by) {
        update("INSERT INTO events (at, run_id, kind, detail, user_name, host) VALUES (?, ?, ?, ?, ?, ?)",
                System.currentTimeMillis(), runId, kind, detail, by.user(), by.host());
    }

    /** The details of a run's events of one kind, oldest first. */
    public synchronized List<String> events(String runId, String kind) {
        return query("SELECT detail FROM events WHERE run_id = ? AND kind = ? ORDER BY id", r -> r.getString(1), runId, kind);
    }

    public synchronized List<String> events(String runId) {
        return query("SELECT kind, detail FROM events WHERE run_id = ? ORDER BY id", r -> r.getString(1) + ": " + r.getString(2), runId);
    }

    // ---- plumbing

    @Override
    public synchronized void close() {
        close(db);
    }

    private static void close(Connection db) {
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException ignored) {
            // closing after a failure: the original problem is what matters
        }
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try {
            db.setAutoCommit(false); // BEGIN IMMEDIATE (see connect)
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original error is reported
            }
            throw JournalProblems.unusable(file, e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken connection fails the next call with its own message
            }
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw JournalProblems.unusable(file, e);
        }
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row.read(r));
                }
                return out;
            }
        } catch (SQLException e) {
            throw JournalProblems.unusable(file, e);
        }
    }

    private void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i] instanceof String text ? secrets.apply(text) : args[i]);
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
