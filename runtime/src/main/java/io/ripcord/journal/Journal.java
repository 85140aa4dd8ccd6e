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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The journal store, in SQLite (one file, WAL, {@code synchronous=FULL}: every write is on disk before the call that
 * made it returns) or in PostgreSQL (team mode), through one schema and one set of statements (see
 * {@link JournalDialect}). One instance per process; methods are synchronized because the heartbeats write from their
 * own thread.
 *
 * <p>Leases, on the database's clock: a run's owner holds a lease on its run (and on its runbook's lock) that it renews;
 * once the session {@linkplain #fence fences} a run, every write of that run checks, in the same transaction, that
 * the lease is still this process's token and unexpired. A process that lost its lease (paused past it, cut off, taken
 * over) therefore cannot write after someone else took the run: its next write fails with LEASE_LOST.
 */
public final class Journal implements AutoCloseable {

    /** How long a lease lasts unless renewed, when the caller does not say. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final JournalConnection db;
    /** The runs this process writes under a lease: run id → its lease token. */
    private final Map<String, String> fences = new HashMap<>();
    /** Runs whose lease a heartbeat found gone: run id → why. No write of theirs is even tried. */
    private final Map<String, String> lost = new HashMap<>();
    /** The locks this process took: name + run id → token. */
    private final Map<String, String> lockTokens = new HashMap<>();

    private Journal(JournalConnection db) {
        this.db = db;
    }

    /** Opens the SQLite journal, creating it (and its directory) when it does not exist yet. */
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
        return connect(new SqliteDialect(file));
    }

    /** Opens the SQLite journal only if it exists: reading commands never create one. */
    public static Optional<Journal> openExisting(Path file) {
        return Files.exists(file) ? Optional.of(connect(new SqliteDialect(file))) : Optional.empty();
    }

    /** Whether a {@code --journal} value names a PostgreSQL journal rather than a file. */
    public static boolean isPostgres(String spec) {
        return spec != null && PostgresUrl.matches(spec);
    }

    /**
     * Opens the PostgreSQL journal at {@code url} ({@code postgresql://USER@HOST:PORT/DB?sslmode=...}), migrating its
     * schema if needed; the password comes from {@code env}'s PGPASSWORD, PGPASSFILE or {@code home}/.pgpass.
     */
    public static Journal openPostgres(String url, Map<String, String> env, Path home) {
        PostgresUrl parsed = PostgresUrl.parse(url, env);
        return connect(new PostgresDialect(parsed, PgPassword.find(parsed, env, home).orElse(null), PgPassword.ignored(env, home)));
    }

    /** Masks {@code redactor}'s secrets in everything this journal writes from now on. */
    public Journal maskingSecrets(UnaryOperator<String> redactor) {
        db.secrets = redactor;
        return this;
    }

    /** Where the journal is, as messages name it: a file, or a PostgreSQL URL (never with a password). */
    public String location() {
        return db.dialect().location();
    }

    /** The journal's file; null for a PostgreSQL journal. */
    public Path file() {
        return db.dialect() instanceof SqliteDialect sqlite ? sqlite.file() : null;
    }

    /**
     * Opens, retrying a short while when SQLite answers "busy" while the journal is being set up: processes creating
     * the same new journal at once (switching it to WAL, migrating) can get that at once, before any busy timeout.
     */
    private static Journal connect(JournalDialect dialect) {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectOnce(dialect);
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

    private static Journal connectOnce(JournalDialect dialect) {
        Connection c = null;
        try {
            c = dialect.connect();
            dialect.prepare(c);
            return new Journal(new JournalConnection(dialect, c));
        } catch (SQLException e) {
            close(c);
            throw dialect.problem(e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // closing after a failure: the original problem is what matters
        }
    }

    private String now() {
        return db.dialect().nowMillis();
    }

    // ---- runs

    /** What a new run records. */
    public record NewRun(String id, String kind, String runbook, String version, String file, String sha256,
                         Map<String, String> stepHashes, Map<String, Object> params, Operator operator) {
    }

    public synchronized RunRecord createRun(NewRun run) {
        long now = System.currentTimeMillis();
        ProcessIdentity owner = ProcessIdentity.of(run.operator().pid()).orElse(null);
        db.inTransaction(() -> {
            db.update("INSERT INTO runs (id, kind, runbook, version, file, sha256, step_hashes, params, user_name, host, pid, state,"
                            + " started_at, updated_at, owner_start, owner_boot, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    run.id(), run.kind(), run.runbook(), run.version(), run.file(), run.sha256(), JsonOutput.toJson(run.stepHashes()),
                    JsonOutput.toJson(run.params()), run.operator().user(), run.operator().host(), run.operator().pid(),
                    RunState.RUNNING.name(), now, now, owner == null ? null : owner.startTicks(), owner == null ? null : owner.bootId(), now);
            ownerEvent(run.id(), run.operator(), "started by " + run.operator());
            return null;
        });
        return run(run.id()).orElseThrow();
    }

    /**
     * Takes the lease of a run this process just created and fences its writes with it (see the class comment);
     * returns the token.
     */
    public synchronized String leaseRun(String runId, Duration lease) {
        String token = RunIds.token();
        db.update("UPDATE runs SET lease_token = ?, lease_expires_at = " + now() + " + ? WHERE id = ? AND lease_token IS NULL",
                token, lease.toMillis(), runId);
        fence(runId, token);
        return token;
    }

    /**
     * Claims a run for a resume, atomically: false when another live process is running it right now (two operators
     * resuming the same run at once must not both act).
     */
    public synchronized boolean claimRun(String id, Operator operator, String sha256, Map<String, String> stepHashes) {
        return claimRun(id, operator, sha256, stepHashes, DEFAULT_LEASE, null).isPresent();
    }

    /**
     * Claims a run for a resume with a new lease, atomically, and fences its writes with it; empty when its owner still
     * holds it: alive and its lease unexpired. {@code takeOverReason} (journaled) takes it from a live owner anyway,
     * whose next write then fails.
     */
    public synchronized Optional<String> claimRun(String id, Operator operator, String sha256, Map<String, String> stepHashes,
                                                  Duration lease, String takeOverReason) {
        Optional<String> token = db.inTransaction(() -> {
            RunRecord now = only(runs("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?" + db.dialect().lockRow(), id)).orElseThrow();
            boolean held = now.state() == RunState.RUNNING && !now.operator().equals(operator) && !now.ownerGone();
            if (held && takeOverReason == null) {
                return Optional.<String>empty();
            }
            String fresh = RunIds.token();
            reopenRun(id, operator, sha256, stepHashes, fresh, lease);
            String how = held ? "taken over from " + now.operator() + " by " + operator + ": " + takeOverReason
                    : now.state() == RunState.RUNNING && !now.operator().equals(operator)
                    ? "taken over by " + operator + " (the lease of " + now.operator() + " had expired)"
                    : "resumed by " + operator;
            ownerEvent(id, operator, how);
            return Optional.of(fresh);
        });
        token.ifPresent(t -> fence(id, t));
        return token;
    }

    private void ownerEvent(String runId, Operator operator, String detail) {
        db.update("INSERT INTO events (at, run_id, kind, detail, user_name, host) VALUES (?, ?, ?, ?, ?, ?)",
                System.currentTimeMillis(), runId, "owner", detail, operator.user(), operator.host());
    }

    /** Each owner the run had, oldest first: who started it, who resumed or took it over, and how. */
    public synchronized List<String> owners(String runId) {
        return events(runId, "owner");
    }

    /** A resumed run belongs to whoever resumed it, and is running again. Only through {@link #claimRun}. */
    private void reopenRun(String id, Operator operator, String sha256, Map<String, String> stepHashes, String token, Duration lease) {
        ProcessIdentity owner = ProcessIdentity.of(operator.pid()).orElse(null);
        long now = System.currentTimeMillis();
        db.update("UPDATE runs SET state = ?, user_name = ?, host = ?, pid = ?, sha256 = ?, step_hashes = ?, updated_at = ?,"
                        + " finished_at = NULL, error = NULL, error_code = NULL, owner_start = ?, owner_boot = ?, heartbeat_at = ?,"
                        + " lease_token = ?, lease_expires_at = " + now() + " + ? WHERE id = ?",
                RunState.RUNNING.name(), operator.user(), operator.host(), operator.pid(), sha256, JsonOutput.toJson(stepHashes),
                now, owner == null ? null : owner.startTicks(), owner == null ? null : owner.bootId(), now, token, lease.toMillis(), id);
    }

    /** Writes of {@code runId} from now on carry {@code token}: each fails with LEASE_LOST once it is not the run's. */
    public synchronized void fence(String runId, String token) {
        fences.put(runId, token);
        lost.remove(runId);
    }

    /** The run is done with: its writes are no longer checked (nothing of it is written any more). */
    public synchronized void unfence(String runId) {
        fences.remove(runId);
        lost.remove(runId);
    }

    /** The owner of a run under way is alive: see {@link RunOwner}. Unfenced runs (the REPL's) only record that. */
    public synchronized void heartbeatRun(String id) {
        heartbeatRun(id, DEFAULT_LEASE);
    }

    /**
     * Renews the run's lease and says its owner is alive; false, and the run's writes fail from now on, when the lease
     * is no longer this process's (it expired, or another process took the run over).
     */
    public synchronized boolean heartbeatRun(String id, Duration lease) {
        String token = fences.get(id);
        if (token == null) {
            db.update("UPDATE runs SET heartbeat_at = ? WHERE id = ? AND state = ?", System.currentTimeMillis(), id, RunState.RUNNING.name());
            return true;
        }
        if (lost.containsKey(id)) {
            return false;
        }
        int renewed = db.update("UPDATE runs SET heartbeat_at = ?, lease_expires_at = " + now() + " + ? WHERE id = ? AND lease_token = ?"
                + " AND lease_expires_at >= " + now(), System.currentTimeMillis(), lease.toMillis(), id, token);
        if (renewed == 0) {
            lost.put(id, "its lease expired or was taken over before this process could renew it");
            return false;
        }
        return true;
    }

    /** Marks the run's lease lost (its runbook lock was taken from it): its writes fail from now on. */
    public synchronized void leaseLost(String runId, String why) {
        if (fences.containsKey(runId)) {
            lost.putIfAbsent(runId, why);
        }
    }

    /**
     * Runs {@code write} for {@code runId}: when the run is fenced, in one transaction with a check that the lease is
     * still this process's and unexpired on the database clock, the run's row locked meanwhile so a takeover waits.
     */
    private <T> T fenced(String runId, JournalConnection.Work<T> write) {
        String token = runId == null ? null : fences.get(runId);
        if (token == null) {
            return db.inTransaction(write);
        }
        return db.inTransaction(() -> {
            List<String> why = db.query("SELECT lease_token, CASE WHEN lease_expires_at >= " + now() + " THEN 1 ELSE 0 END,"
                    + " user_name, host, pid FROM runs WHERE id = ?" + db.dialect().lockRow(), r -> {
                if (!token.equals(r.getString(1))) {
                    return "it was taken over by " + new Operator(r.getString(3), r.getString(4), r.getLong(5));
                }
                return r.getInt(2) == 1 ? null : "its lease expired (no renewal in time: the process was paused, or the"
                        + " journal was unreachable)";
            }, runId);
            // the run's own lease says most (who took it); else what a heartbeat found (its lock broken or taken)
            String reason = why.isEmpty() ? "the run is gone from the journal" : why.get(0) != null ? why.get(0) : lost.get(runId);
            if (reason != null) {
                lost.put(runId, reason);
                throw JournalProblems.leaseLost(runId, reason);
            }
            return write.run();
        });
    }

    private void fencedUpdate(String runId, String sql, Object... args) {
        fenced(runId, () -> db.update(sql, args));
    }

    public synchronized void finishRun(String id, RunState state, String error) {
        finishRun(id, state, error, null);
    }

    /** {@code code}: the problem code that ended the run (null when none did). */
    public synchronized void finishRun(String id, RunState state, String error, ProblemCode code) {
        long now = System.currentTimeMillis();
        fencedUpdate(id, "UPDATE runs SET state = ?, updated_at = ?, finished_at = ?, error = ?, error_code = ? WHERE id = ?",
                state.name(), now, state == RunState.RUNNING ? null : now, error, code == null ? null : code.name(), id);
    }

    /** The run's columns, and whether its lease expired by the database's clock ({@code %NOW%}: see {@link #runs}). */
    private static final String RUN_COLUMNS = "id, kind, runbook, version, file, sha256, step_hashes, params, user_name, host,"
            + " pid, state, started_at, updated_at, finished_at, error, error_code, owner_start, owner_boot, heartbeat_at,"
            + " lease_expires_at, CASE WHEN lease_expires_at < %NOW% THEN 1 ELSE 0 END AS lease_expired";

    public synchronized Optional<RunRecord> run(String id) {
        return only(runs("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", id));
    }

    /** Newest first; null filters match everything. */
    public synchronized List<RunRecord> runs(String runbook, RunState state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (runbook != null) {
            sql.append(" AND runbook = ?");
            args.add(runbook);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return runs(sql.toString(), args.toArray());
    }

    /** The newest run of a runbook version, if it ever ran: for "content changed but version not bumped". */
    public synchronized Optional<RunRecord> lastRunOf(String runbook, String version) {
        return only(runs("SELECT " + RUN_COLUMNS + " FROM runs WHERE runbook = ? AND version = ? ORDER BY started_at DESC LIMIT 1",
                runbook, version));
    }

    private static <T> Optional<T> only(List<T> found) {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @SuppressWarnings("unchecked")
    private List<RunRecord> runs(String sql, Object... args) {
        return db.query(sql.replace("%NOW%", now()), r -> new RunRecord(r.getString("id"), r.getString("kind"), r.getString("runbook"),
                r.getString("version"), r.getString("file"), r.getString("sha256"),
                (Map<String, String>) new JsonSlurper().parseText(r.getString("step_hashes")),
                new LinkedHashMap<>((Map<String, Object>) new JsonSlurper().parseText(r.getString("params"))),
                new Operator(r.getString("user_name"), r.getString("host"), r.getLong("pid")),
                RunState.valueOf(r.getString("state")), instant(r, "started_at"), instant(r, "updated_at"),
                instant(r, "finished_at"), r.getString("error"), r.getString("error_code"), ownerProcess(r),
                instant(r, "heartbeat_at"), instant(r, "lease_expires_at"), r.getInt("lease_expired") == 1), args);
    }

    private static ProcessIdentity ownerProcess(ResultSet r) throws SQLException {
        long ticks = r.getLong("owner_start");
        return r.wasNull() ? null : new ProcessIdentity(r.getLong("pid"), ticks, r.getString("owner_boot"));
    }

    // ---- steps

    public synchronized void stepStarted(String runId, int index, String name) {
        fencedUpdate(runId, "INSERT INTO steps (run_id, idx, name, state, started_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (run_id, idx) DO UPDATE SET name = excluded.name, state = excluded.state,"
                        + " started_at = excluded.started_at, finished_at = NULL, error = NULL",
                runId, index, name, RunState.RUNNING.name(), System.currentTimeMillis());
    }

    public synchronized void stepFinished(String runId, int index, RunState state, String error) {
        fencedUpdate(runId, "UPDATE steps SET state = ?, finished_at = ?, error = ? WHERE run_id = ? AND idx = ?",
                state.name(), System.currentTimeMillis(), error, runId, index);
    }

    public synchronized List<StepRecord> steps(String runId) {
        return db.query("SELECT * FROM steps WHERE run_id = ? ORDER BY idx", r -> new StepRecord(r.getInt("idx"), r.getString("name"),
                r.getString("state"), instant(r, "started_at"), instant(r, "finished_at"), r.getString("error")), runId);
    }

    // ---- calls

    public synchronized void callStarted(String runId, int ordinal, String step, String verb, int line, String argsHash, String argsJson) {
        fencedUpdate(runId, "INSERT INTO calls (run_id, ordinal, step, verb, line, args_hash, args, state, started_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, ordinal) DO UPDATE SET step = excluded.step,"
                        + " verb = excluded.verb, line = excluded.line, args_hash = excluded.args_hash, args = excluded.args,"
                        + " state = excluded.state, started_at = excluded.started_at, result = NULL, error = NULL,"
                        + " finished_at = NULL, elapsed_ms = NULL",
                runId, ordinal, step, verb, line, argsHash, argsJson, CallRecord.CallState.STARTED.name(), System.currentTimeMillis());
    }

    public synchronized void callFinished(String runId, int ordinal, CallRecord.CallState state, String resultJson, String error,
                                          long elapsedMillis) {
        fencedUpdate(runId, "UPDATE calls SET state = ?, result = ?, error = ?, finished_at = ?, elapsed_ms = ? WHERE run_id = ? AND ordinal = ?",
                state.name(), resultJson, error, System.currentTimeMillis(), elapsedMillis, runId, ordinal);
    }

    /** Marks a failed call as the one that stopped its run, so a resume acts it again rather than replaying its failure. */
    public synchronized void callStoppedRun(String runId, int ordinal) {
        fencedUpdate(runId, "UPDATE calls SET state = ? WHERE run_id = ? AND ordinal = ? AND state = ?",
                CallRecord.CallState.STOPPED_RUN.name(), runId, ordinal, CallRecord.CallState.FAILED.name());
    }

    public synchronized List<CallRecord> calls(String runId) {
        return db.query("SELECT * FROM calls WHERE run_id = ? ORDER BY ordinal", Journal::call, runId);
    }

    public synchronized Optional<CallRecord> call(String runId, int ordinal) {
        return only(db.query("SELECT * FROM calls WHERE run_id = ? AND ordinal = ?", Journal::call, runId, ordinal));
    }

    private static CallRecord call(ResultSet r) throws SQLException {
        long elapsed = r.getLong("elapsed_ms");
        Long elapsedMillis = r.wasNull() ? null : elapsed; // a call still under way has none
        return new CallRecord(r.getInt("ordinal"), r.getString("step"), r.getString("verb"), r.getInt("line"),
                r.getString("args_hash"), r.getString("args"), CallRecord.CallState.valueOf(r.getString("state")),
                r.getString("result"), r.getString("error"), instant(r, "started_at"), elapsedMillis);
    }

    // ---- the backup catalog

    /** Catalogs an artifact as made on this host: a teammate's listing says on which machine's disk it is. */
    public synchronized void addArtifact(CatalogEntry e) {
        CatalogEntry.Verification v = e.verification();
        String runId = e.runId() != null && run(e.runId()).isPresent() ? e.runId() : null;
        fencedUpdate(runId, "INSERT INTO artifacts (id, run_id, step, kind, source, path, size, sha256, created_at, manifest,"
                        + " role, origin, verify_passed, verified_at, verify_checks, verify_failure, host)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        + " run_id = excluded.run_id, step = excluded.step, kind = excluded.kind, source = excluded.source,"
                        + " path = excluded.path, size = excluded.size, sha256 = excluded.sha256, created_at = excluded.created_at,"
                        + " manifest = excluded.manifest, role = excluded.role, origin = excluded.origin,"
                        + " verify_passed = excluded.verify_passed, verified_at = excluded.verified_at,"
                        + " verify_checks = excluded.verify_checks, verify_failure = excluded.verify_failure, host = excluded.host",
                e.id(), runId, e.step(), e.kind(), e.source(), e.path(),
                e.size(), e.sha256(), e.createdAt().toEpochMilli(), e.manifestJson(),
                e.safetyCopy() ? "safety" : "backup", e.origin() == CatalogEntry.Origin.MANIFEST ? "manifest" : "run",
                v == null ? null : v.passed() ? 1 : 0, v == null ? null : v.at().toEpochMilli(), v == null ? null : v.checks(),
                v == null ? null : v.failure(), Operator.current().host());
    }

    public synchronized void removeArtifact(String id) {
        db.update("DELETE FROM artifacts WHERE id = ?", id);
    }

    /** Newest first, safety copies included; every artifact when source is null. */
    public synchronized List<CatalogEntry> artifacts(String source) {
        return source == null
                ? db.query("SELECT * FROM artifacts ORDER BY created_at DESC, id DESC", Journal::artifact)
                : db.query("SELECT * FROM artifacts WHERE source = ? ORDER BY created_at DESC, id DESC", Journal::artifact, source);
    }

    /** The host each artifact was made on, by id (artifacts cataloged before hosts were journaled have none). */
    public synchronized Map<String, String> artifactHosts() {
        Map<String, String> hosts = new HashMap<>();
        db.query("SELECT id, host FROM artifacts WHERE host IS NOT NULL", r -> hosts.put(r.getString(1), r.getString(2)));
        return hosts;
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
        // ON CONFLICT, not SQLite's INSERT OR REPLACE: the same statement on both dialects
        db.update("INSERT INTO artifact_copies (artifact_id, repository, object_key, copied_at, run_id, verify_passed, verified_at,"
                        + " object_size, object_sha256, encryption, chunk_size, chunk_sha256, read_cursor, partial_verified_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (artifact_id, repository) DO UPDATE SET object_key = excluded.object_key,"
                        + " copied_at = excluded.copied_at, run_id = excluded.run_id, verify_passed = excluded.verify_passed,"
                        + " verified_at = excluded.verified_at, object_size = excluded.object_size, object_sha256 = excluded.object_sha256,"
                        + " encryption = excluded.encryption, chunk_size = excluded.chunk_size, chunk_sha256 = excluded.chunk_sha256,"
                        + " read_cursor = excluded.read_cursor, partial_verified_at = excluded.partial_verified_at",
                c.artifactId(), c.repository(), c.key(), c.copiedAt().toEpochMilli(), c.runId(),
                c.verifyPassed() == null ? null : c.verifyPassed() ? 1 : 0, c.verifiedAt() == null ? null : c.verifiedAt().toEpochMilli(),
                c.objectSize(), c.objectSha256(), c.encryption(), c.chunks() == null ? null : c.chunks().size(),
                c.chunks() == null ? null : c.chunks().joined(), c.readCursor(),
                c.partialVerifiedAt() == null ? null : c.partialVerifiedAt().toEpochMilli());
    }

    public synchronized void removeCopy(String artifactId, String repository) {
        db.update("DELETE FROM artifact_copies WHERE artifact_id = ? AND repository = ?", artifactId, repository);
    }

    /** Oldest first; every copy when artifactId is null. */
    public synchronized List<CatalogCopy> copies(String artifactId) {
        return db.query("SELECT * FROM artifact_copies WHERE (CAST(? AS TEXT) IS NULL OR artifact_id = ?) ORDER BY copied_at, repository", r -> {
            int passed = r.getInt("verify_passed");
            Boolean verified = r.wasNull() ? null : passed == 1;
            Instant verifiedAt = verified == null ? null : instant(r, "verified_at");
            long size = r.getLong("object_size");
            Long objectSize = r.wasNull() ? null : size;
            long chunkSize = r.getLong("chunk_size");
            String digests = r.getString("chunk_sha256");
            CatalogCopy.Chunks chunks = chunkSize <= 0 || digests == null ? null : CatalogCopy.Chunks.parse(chunkSize, digests);
            Instant partialAt = instant(r, "partial_verified_at");
            return new CatalogCopy(r.getString("artifact_id"), r.getString("repository"), r.getString("object_key"),
                    instant(r, "copied_at"), r.getString("run_id"), verified, verifiedAt, objectSize, r.getString("object_sha256"),
                    r.getString("encryption"), chunks, r.getLong("read_cursor"), partialAt);
        }, artifactId, artifactId);
    }

    // ---- the process groups of a run's commands

    public synchronized void groupStarted(String runId, ProcessGroup group, String program) {
        fencedUpdate(runId, "INSERT INTO process_groups (run_id, pgid, leader_start, boot_id, program, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                runId, group.pgid(), group.leaderStartTicks(), group.bootId(), program, System.currentTimeMillis());
    }

    public synchronized void groupEnded(String runId, ProcessGroup group) {
        db.update("UPDATE process_groups SET ended_at = ? WHERE run_id = ? AND pgid = ? AND leader_start = ? AND ended_at IS NULL",
                System.currentTimeMillis(), runId, group.pgid(), group.leaderStartTicks());
    }

    /** A command's group as journaled. */
    public record GroupRecord(ProcessGroup group, String program, Instant startedAt) {
    }

    /** The groups of {@code runId} whose command never ended: all of them stopped if its owner was killed. */
    public synchronized List<GroupRecord> openGroups(String runId) {
        return db.query("SELECT * FROM process_groups WHERE run_id = ? AND ended_at IS NULL ORDER BY started_at",
                r -> new GroupRecord(new ProcessGroup(r.getLong("pgid"), r.getLong("leader_start"), r.getString("boot_id")),
                        r.getString("program"), instant(r, "started_at")), runId);
    }

    // ---- locks and events

    /**
     * Takes the lock for {@code runId}, or returns who holds it. Taking is one statement, decided on the database's
     * clock: it succeeds when the lock is free, its lease expired, or it is this very run's and process's. A holder
     * whose process is gone from this host is replaced too.
     */
    public synchronized Optional<LockHolder> tryLock(String name, String runId, Operator operator, Duration lease) {
        return tryLock(name, runId, operator, lease, false);
    }

    /** {@code takeOver}: a holder that is this same run (its previous owner) is replaced even while its lease runs. */
    public synchronized Optional<LockHolder> tryLock(String name, String runId, Operator operator, Duration lease, boolean takeOver) {
        if (take(name, runId, operator, lease, null)) {
            return Optional.empty();
        }
        Optional<LockHolder> holder = lockHolder(name);
        if (holder.isPresent() && (holder.get().operator().isDeadOnThisHost() || takeOver && holder.get().runId().equals(runId))
                && take(name, runId, operator, lease, holder.get().token())) {
            return Optional.empty();
        }
        return holder.isPresent() ? holder : tryLock(name, runId, operator, lease, takeOver); // released meanwhile
    }

    private boolean take(String name, String runId, Operator operator, Duration lease, String replacing) {
        String token = RunIds.token();
        List<String> taken = db.query("INSERT INTO locks (name, run_id, user_name, host, pid, acquired_at, heartbeat_at, expires_at, token)"
                        + " VALUES (?, ?, ?, ?, ?, " + now() + ", " + now() + ", " + now() + " + ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, user_name = excluded.user_name,"
                        + " host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at,"
                        + " heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at, token = excluded.token"
                        + " WHERE locks.expires_at < " + now() + " OR locks.token = ?"
                        + " OR (locks.run_id = excluded.run_id AND locks.user_name = excluded.user_name"
                        + " AND locks.host = excluded.host AND locks.pid = excluded.pid)"
                        + " RETURNING token",
                r -> r.getString(1), name, runId, operator.user(), operator.host(), operator.pid(), lease.toMillis(), token,
                replacing == null ? "" : replacing);
        if (taken.isEmpty()) {
            return false;
        }
        lockTokens.put(name + "\n" + runId, taken.get(0));
        return true;
    }

    /** Renews the lease; false when the lock is no longer this run's (it expired and was taken, or was broken). */
    public synchronized boolean heartbeat(String name, String runId, Duration lease) {
        String token = lockTokens.get(name + "\n" + runId);
        return token != null && db.update("UPDATE locks SET heartbeat_at = " + now() + ", expires_at = " + now() + " + ?"
                + " WHERE name = ? AND token = ? AND expires_at >= " + now(), lease.toMillis(), name, token) == 1;
    }

    public synchronized void release(String name, String runId) {
        String token = lockTokens.remove(name + "\n" + runId);
        if (token != null) {
            db.update("DELETE FROM locks WHERE name = ? AND token = ?", name, token);
        }
    }

    public synchronized Optional<LockHolder> lockHolder(String name) {
        return only(db.query("SELECT locks.*, runs.runbook, runs.version FROM locks LEFT JOIN runs ON runs.id = locks.run_id"
                + " WHERE locks.name = ?", r -> new LockHolder(r.getString("name"),
                r.getString("run_id"), new Operator(r.getString("user_name"), r.getString("host"), r.getLong("pid")),
                instant(r, "acquired_at"), instant(r, "expires_at"),
                r.getString("runbook") == null ? null : r.getString("runbook") + "@" + r.getString("version"),
                r.getString("token")), name));
    }

    /** The names of the locks held now, as stored: a secret in a name is its placeholder, {@code ${secret:NAME}}. */
    public synchronized List<String> lockNames() {
        return db.query("SELECT name FROM locks ORDER BY name", r -> r.getString(1));
    }

    /** Breaks a lock whoever holds it, and journals who did. */
    public synchronized Optional<LockHolder> breakLock(String name, Operator by) {
        return breakLock(name, by, null);
    }

    /** Breaks a lock whoever holds it, and journals who did and why: the holder's next write fails (LEASE_LOST). */
    public synchronized Optional<LockHolder> breakLock(String name, Operator by, String reason) {
        return db.inTransaction(() -> {
            Optional<LockHolder> holder = lockHolder(name);
            holder.ifPresent(h -> {
                db.update("DELETE FROM locks WHERE name = ?", name);
                event(h.runId(), "unlock", "lock '" + name + "' held by " + h.operator() + " since " + h.since()
                        + " broken by " + by + (reason == null ? "" : ": " + reason), by);
            });
            return holder;
        });
    }

    public synchronized void event(String runId, String kind, String detail, Operator by) {
        fencedUpdate(runId, "INSERT INTO events (at, run_id, kind, detail, user_name, host) VALUES (?, ?, ?, ?, ?, ?)",
                System.currentTimeMillis(), runId, kind, detail, by.user(), by.host());
    }

    /** The details of a run's events of one kind, oldest first. */
    public synchronized List<String> events(String runId, String kind) {
        return db.query("SELECT detail FROM events WHERE run_id = ? AND kind = ? ORDER BY id", r -> r.getString(1), runId, kind);
    }

    public synchronized List<String> events(String runId) {
        return db.query("SELECT kind, detail FROM events WHERE run_id = ? ORDER BY id", r -> r.getString(1) + ": " + r.getString(2), runId);
    }

    // ---- plumbing

    @Override
    public synchronized void close() {
        db.close();
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
