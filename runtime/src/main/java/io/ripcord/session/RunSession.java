package io.ripcord.session;

import io.ripcord.units.Counted;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.journal.Operator;
import io.ripcord.journal.RunIds;
import io.ripcord.journal.JournalCatalog;

import io.ripcord.exec.ExecutionContext;
import io.ripcord.exec.RunListener;
import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.exec.Runner;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.problem.Problem;
import io.ripcord.process.ChildGroups;
import io.ripcord.process.ProcessGroup;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.secret.Redactor;
import io.ripcord.verb.RunInfo;
import io.ripcord.verb.VerbRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A checkpointed run from start to end: takes the runbook's lock (renewing its lease while it runs), records the
 * run, runs it with every verb call journaled, records how it ended and releases the lock. A resume does the same
 * for an existing run, replaying what completed.
 */
public final class RunSession {

    /** Everything a session needs from its caller. */
    public record Setup(Journal journal, VerbRegistry verbs, Path workingDirectory, Map<String, String> environment,
                        RunListener listener, Redactor redactor, Operator operator, Duration lease) {
    }

    public static final Duration DEFAULT_LEASE = Journal.DEFAULT_LEASE;

    /** How often a run under way says its owner is alive (journal: RunRecord, RunOwner). */
    public static final Duration HEARTBEAT_EVERY = RunRecord.HEARTBEAT_EVERY;

    /** How long a leftover process group gets to exit on SIGTERM before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** How many of the newest RUNNING runs a new run looks at for leftovers: crashed runs are few, a journal may hold many. */
    private static final int DEAD_RUNS_SWEPT = 50;

    /** The kind of run a REPL session journals (a runbook's run is "run"). */
    public static final String INTERACTIVE = RunRecord.INTERACTIVE;

    private final Setup setup;

    public RunSession(Setup setup) {
        this.setup = setup;
    }

    /** {@code given} are the parameter values as the user typed them; defaults are not journaled, so a resume re-applies them. */
    public RunOutcome start(RunbookDefinition runbook, Map<String, Object> params, Map<String, String> given) {
        refuseChangedVersion(setup.journal(), runbook);
        String runId = RunIds.next();
        takeLock(runbook, runId);
        try {
            setup.journal().createRun(new Journal.NewRun(runId, "run", runbook.name(), runbook.version(),
                    runbook.source().path().toAbsolutePath().toString(), runbook.source().sha256(), runbook.stepHashes(),
                    redacted(given), setup.operator()));
            setup.journal().leaseRun(runId, setup.lease());
            setup.listener().journaled(runId, false);
            stopDeadRunsLeftovers();
            sweepLeftovers();
            return execute(runId, runbook, params, null);
        } finally {
            releaseLock(runbook, runId);
        }
    }

    /**
     * Flyway's rule, kept by {@code check} and by every new run: a name@version that already ran must keep its content;
     * a changed procedure gets a new version, so the journal's history of each version stays true.
     */
    public static void refuseChangedVersion(Journal journal, RunbookDefinition rb) {
        journal.lastRunOf(rb.name(), rb.version()).filter(run -> !run.sha256().equals(rb.source().sha256())).ifPresent(run -> {
            throw new RunbookException(Problem.of(ProblemCode.VERSION_NOT_BUMPED, "content changed but version not bumped: "
                    + rb.id() + " ran as run " + run.id() + " with other content", null)
                    .withNext("bump version: in " + rb.source().displayPath() + " (the journal keeps what each version did)"));
        });
    }

    /** Checks the run can be resumed with this runbook; throws the problem that says why not. */
    public static void checkResumable(RunRecord run, RunbookDefinition runbook, boolean acceptChanges) {
        checkResumable(run, runbook, acceptChanges, false);
    }

    /** {@code takeOver}: a run whose owner still holds its lease may be taken (resume --take-over). */
    public static void checkResumable(RunRecord run, RunbookDefinition runbook, boolean acceptChanges, boolean takeOver) {
        refuseInteractive(run);
        if (run.state() == RunState.ROLLED_BACK || run.state() == RunState.ROLLBACK_FAILED) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + run.id() + " ended " + run.state()
                    + "; its rollback already ran, so there is nothing to resume", null)
                    .withNext(run.state() == RunState.ROLLED_BACK ? "fix the cause and start a new run with `ripcord run`"
                            : "finish what `ripcord show " + run.id() + "` lists as not restored by hand, then start a new run"));
        }
        if (run.state() == RunState.SUCCEEDED) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + run.id() + " already succeeded; nothing to resume", null)
                    .withNext("start a new run with `ripcord run`"));
        }
        if (run.state() == RunState.RUNNING && !run.ownerGone() && !takeOver) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + run.id() + " is still running, as "
                    + run.operator() + (run.leaseExpiresAt() == null ? "" : ", its lease renewed until " + run.leaseExpiresAt()), null)
                    .withNext("wait for it, or for its lease to expire if its owner is gone; `ripcord resume " + run.id()
                            + " --take-over --reason TEXT` takes it from a live owner (journaled), whose next write then fails"));
        }
        if (!run.runbook().equals(runbook.name())) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + run.id() + " ran " + run.runbookId()
                    + ", but " + runbook.source().displayPath() + " is " + runbook.id(), null));
        }
        if (!run.sha256().equals(runbook.source().sha256()) && !acceptChanges) {
            throw new RunbookException(Problem.of(ProblemCode.RUNBOOK_CHANGED, "runbook " + runbook.source().displayPath()
                    + " changed since run " + run.id() + " started: " + changes(run.stepHashes(), runbook.stepHashes()), null)
                    .withNext("check the changes, then resume with --accept-changes (or start a new run)"));
        }
    }

    /** A REPL session is journaled as a run but has no runbook: it cannot be resumed. */
    public static void refuseInteractive(RunRecord run) {
        if (INTERACTIVE.equals(run.kind())) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + run.id()
                    + " is an interactive session; it has no runbook to resume", null)
                    .withNext("`ripcord show " + run.id() + "` shows its commands; :save in the REPL turns a session into a runbook"));
        }
    }

    public RunOutcome resume(RunRecord run, RunbookDefinition runbook, Map<String, Object> params, boolean acceptChanges) {
        return resume(run, runbook, params, acceptChanges, null);
    }

    /** A resume that pauses after {@code throughStep} (null: to the end): the REPL's {@code :retry} of a failed step. */
    public RunOutcome resume(RunRecord run, RunbookDefinition runbook, Map<String, Object> params, boolean acceptChanges,
                             String throughStep) {
        return resume(run, runbook, params, acceptChanges, throughStep, null);
    }

    /**
     * {@code takeOverReason} (null: none): takes the run, and its runbook's lock, from an owner whose lease still runs;
     * journaled with who and why. The old owner's next write fails with LEASE_LOST.
     */
    public RunOutcome resume(RunRecord run, RunbookDefinition runbook, Map<String, Object> params, boolean acceptChanges,
                             String throughStep, String takeOverReason) {
        checkResumable(run, runbook, acceptChanges, takeOverReason != null);
        takeLock(runbook, run.id(), takeOverReason != null);
        try {
            if (setup.journal().claimRun(run.id(), setup.operator(), runbook.source().sha256(), runbook.stepHashes(),
                    setup.lease(), takeOverReason).isEmpty()) {
                throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + run.id()
                        + " is being resumed by another process right now", null).withNext("`ripcord runs` shows it; wait for it"));
            }
            setup.journal().event(run.id(), "resume", "resumed by " + setup.operator()
                    + (run.sha256().equals(runbook.source().sha256()) ? "" : " with changes accepted"), setup.operator());
            setup.listener().journaled(run.id(), true);
            stopLeftovers(run);
            sweepLeftovers();
            return execute(run.id(), runbook, params, throughStep);
        } finally {
            releaseLock(runbook, run.id());
        }
    }

    /**
     * A new run, of any runbook, first stops what crashed runs left running on this host (a {@code pg_dump} still
     * reading the database a restore is about to replace): the same rule a resume keeps for its own run.
     */
    private void stopDeadRunsLeftovers() {
        for (RunRecord run : setup.journal().runs(null, RunState.RUNNING, DEAD_RUNS_SWEPT)) {
            // a shared journal holds other machines' runs: only this host's processes can be looked at and stopped; and
            // only a dead owner's (an owner whose lease merely expired may be paused, and is stopped by whoever resumes it)
            if (run.ownerProcessGone() && run.operator().host().equals(setup.operator().host())) {
                stopLeftovers(run);
            }
        }
    }

    /**
     * Stops the process groups a run's dead owner left running (a {@code pg_dump}, a {@code sleep 300} under
     * {@code sh}) before the resume acts again: they would race the retried call. Only groups that are still the ones
     * journaled are signalled (see {@link ProcessGroup#stillOurs}).
     */
    private void stopLeftovers(RunRecord run) {
        if (!run.operator().host().equals(setup.operator().host())) {
            if (!setup.journal().openGroups(run.id()).isEmpty()) {
                setup.listener().warning("run " + run.id() + " ran on " + run.operator().host() + "; commands it left running"
                        + " there (if that machine is up) are not stopped from here");
            }
            return;
        }
        // the owner may have started a group up to one heartbeat after its last one
        Instant lastSeen = run.heartbeatAt() == null ? null : run.heartbeatAt().plus(HEARTBEAT_EVERY.multipliedBy(2));
        for (Journal.GroupRecord left : setup.journal().openGroups(run.id())) {
            ProcessGroup group = left.group();
            if (group.stillOurs(lastSeen)) {
                int stopped;
                try {
                    stopped = group.stop(STOP_GRACE, List.of());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the resume itself was interrupted: its run ends INTERRUPTED, the group is stopped next time
                }
                String detail = "stopped process group " + group.pgid() + " (" + left.program() + ", " + stopped
                        + (stopped == 1 ? " process" : " processes") + ") left running by the run's dead owner";
                setup.listener().warning(detail);
                setup.journal().event(run.id(), "leftover", detail, setup.operator());
            }
            setup.journal().groupEnded(run.id(), group);
        }
    }

    /** Temporary files, staged copies and moved-aside files of dead runs, wherever the catalog knows directories. */
    private void sweepLeftovers() {
        int swept = LeftoverSweep.run(setup.journal());
        if (swept > 0) {
            setup.listener().warning("cleaned up " + Counted.of(swept, "temporary file") + " that interrupted runs left beside backups and their sources");
        }
    }

    private RunOutcome execute(String runId, RunbookDefinition runbook, Map<String, Object> params, String throughStep) {
        ScheduledExecutorService heartbeat = startHeartbeat(runbook.lock(), runId);
        RunOutcome outcome;
        try (ChildGroups.Recording recording = ChildGroups.recordTo(new JournaledGroups(setup.journal(), runId))) {
            ExecutionContext.Setting setting = new ExecutionContext.Setting(setup.workingDirectory(), setup.environment(),
                    new JournalCatalog(setup.journal()), new RunInfo(runbook.name(), runbook.version(), runId));
            Runner runner = new Runner(setup.verbs(), setting, setup.listener(), new JournaledCheckpoints(setup.journal(), runId, setup.operator()),
                    setup.redactor());
            outcome = runner.run(runbook, params, throughStep);
            setup.journal().finishRun(runId, outcome.state(),
                    outcome.problem() == null ? null : outcome.problem().headline(),
                    outcome.problem() == null ? null : outcome.problem().code());
        } finally {
            heartbeat.shutdownNow();
            setup.journal().unfence(runId);
        }
        return outcome;
    }

    /**
     * Locks this process holds, by name and run, with how many holders inside it: a failure REPL holds its run's lock
     * while :retry resumes the run, which takes and releases it again; only the last release frees it.
     */
    private static final Map<String, Integer> HELD = new java.util.HashMap<>();

    private void takeLock(RunbookDefinition runbook, String runId) {
        takeLock(runbook, runId, false);
    }

    private void takeLock(RunbookDefinition runbook, String runId, boolean takeOver) {
        if (runbook.lock() == null) {
            return;
        }
        String key = runbook.lock() + "\n" + runId;
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                HELD.merge(key, 1, Integer::sum);
                return;
            }
            setup.journal().tryLock(runbook.lock(), runId, setup.operator(), setup.lease(), takeOver).ifPresent(holder -> {
                throw new RunbookException(Problem.of(ProblemCode.LOCK_HELD, "lock '" + runbook.lock() + "' is held by "
                        + holder.describe() + ", its lease renewed until " + holder.expires(), null)
                        .withNext("wait for that run to finish (a dead holder's lease expires by itself); if it is gone for good,"
                                + " `ripcord unlock " + runbook.lock() + " --reason TEXT` breaks the lock (and is journaled)"));
            });
            HELD.put(key, 1);
        }
    }

    private void releaseLock(RunbookDefinition runbook, String runId) {
        if (runbook.lock() == null) {
            return;
        }
        String key = runbook.lock() + "\n" + runId;
        synchronized (HELD) {
            int left = HELD.getOrDefault(key, 1) - 1;
            if (left > 0) {
                HELD.put(key, left);
                return;
            }
            HELD.remove(key);
            try {
                setup.journal().release(runbook.lock(), runId);
            } catch (RuntimeException e) {
                // the journal went away (or the lease with it): the lease expires by itself; the run's own error is what matters
                setup.listener().warning("could not release lock '" + runbook.lock() + "': " + e.getMessage());
            }
        }
    }

    /** A lock held until closed. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Holds the runbook's lock for {@code runId} (heartbeat included) until closed: the failure REPL of a run, a REPL's
     * {@code :step} of a locked runbook. Throws LOCK_HELD, naming the holder, when another run has it.
     */
    public Hold hold(RunbookDefinition runbook, String runId) {
        takeLock(runbook, runId);
        ScheduledExecutorService heartbeat = runbook.lock() == null ? null : startLockHeartbeat(runbook.lock(), runId);
        return () -> {
            if (heartbeat != null) {
                heartbeat.shutdownNow();
            }
            releaseLock(runbook, runId);
        };
    }

    /** Renews the lock's lease (when the runbook has a lock) and the run's own heartbeat, until shut down. */
    private ScheduledExecutorService startHeartbeat(String lock, String runId) {
        ScheduledExecutorService timer = lock == null ? newTimer() : startLockHeartbeat(lock, runId);
        long every = Math.max(1, Math.min(HEARTBEAT_EVERY.toMillis(), setup.lease().toMillis() / 3));
        timer.scheduleAtFixedRate(() -> {
            try {
                if (!setup.journal().heartbeatRun(runId, setup.lease())) {
                    setup.listener().warning("run " + runId + " lost its lease (it expired or was taken over);"
                            + " it stops before its next change");
                    timer.shutdown();
                }
            } catch (RuntimeException e) {
                setup.listener().warning("could not record that run " + runId + " is alive: " + e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return timer;
    }

    private static ScheduledExecutorService newTimer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ripcord-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    private ScheduledExecutorService startLockHeartbeat(String lock, String runId) {
        ScheduledExecutorService timer = newTimer();
        long every = Math.max(1, setup.lease().toMillis() / 3);
        timer.scheduleAtFixedRate(() -> {
            try {
                if (!setup.journal().heartbeat(lock, runId, setup.lease())) {
                    setup.listener().warning("lock '" + lock + "' is no longer held by this run (it was broken or expired);"
                            + " it stops before its next change");
                    setup.journal().leaseLost(runId, "its lock '" + lock + "' was broken, or expired and was taken");
                    timer.shutdown();
                }
            } catch (RuntimeException e) {
                setup.listener().warning("could not renew lock '" + lock + "': " + e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return timer;
    }

    /** The values exactly as typed (secrets as references), so a resume resolves them exactly as the run did. */
    private Map<String, Object> redacted(Map<String, String> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        given.forEach((k, v) -> out.put(k, setup.redactor().redact(v)));
        return out;
    }

    static String changes(Map<String, String> before, Map<String, String> now) {
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        now.forEach((step, hash) -> {
            if (!before.containsKey(step)) added.add("'" + step + "'");
            else if (!Objects.equals(before.get(step), hash)) changed.add("'" + step + "'");
        });
        before.keySet().stream().filter(step -> !now.containsKey(step)).forEach(step -> removed.add("'" + step + "'"));
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) parts.add("changed steps " + String.join(", ", changed));
        if (!added.isEmpty()) parts.add("added " + String.join(", ", added));
        if (!removed.isEmpty()) parts.add("removed " + String.join(", ", removed));
        return parts.isEmpty() ? "outside its steps (parameters, description or code between steps)" : String.join("; ", parts);
    }
}
