package io.ripcord.journal;

import java.util.List;

/**
 * The journal's schema as numbered migrations, applied in order inside one transaction: one definition for both
 * dialects, written in SQLite's types ({@link PostgresDialect#ddl} widens them for PostgreSQL). Each dialect keeps the
 * number applied and marks the store as Ripcord's (see {@link JournalDialect#prepare}). Append migrations; never edit
 * one that shipped.
 */
final class JournalSchema {

    /** 'RPCD': SQLite's application_id of a journal, and the key of PostgreSQL's migration lock. */
    static final int APPLICATION_ID = 0x52504344;

    static final List<String> MIGRATIONS = List.of(
            // 1: runs, their steps and verb calls; artifacts (the backup catalog); locks; events (unlock, notes)
            """
            CREATE TABLE runs (
              id TEXT PRIMARY KEY,
              kind TEXT NOT NULL,
              runbook TEXT NOT NULL,
              version TEXT NOT NULL,
              file TEXT,
              sha256 TEXT NOT NULL,
              step_hashes TEXT NOT NULL,
              params TEXT NOT NULL,
              user_name TEXT NOT NULL,
              host TEXT NOT NULL,
              pid INTEGER NOT NULL,
              state TEXT NOT NULL,
              started_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              finished_at INTEGER,
              error TEXT
            );
            CREATE INDEX runs_by_runbook ON runs (runbook, started_at);
            CREATE TABLE steps (
              run_id TEXT NOT NULL REFERENCES runs (id),
              idx INTEGER NOT NULL,
              name TEXT NOT NULL,
              state TEXT NOT NULL,
              started_at INTEGER NOT NULL,
              finished_at INTEGER,
              error TEXT,
              PRIMARY KEY (run_id, idx)
            );
            CREATE TABLE calls (
              run_id TEXT NOT NULL REFERENCES runs (id),
              ordinal INTEGER NOT NULL,
              step TEXT NOT NULL,
              verb TEXT NOT NULL,
              line INTEGER,
              args_hash TEXT NOT NULL,
              args TEXT NOT NULL,
              state TEXT NOT NULL,
              result TEXT,
              error TEXT,
              started_at INTEGER NOT NULL,
              finished_at INTEGER,
              elapsed_ms INTEGER,
              PRIMARY KEY (run_id, ordinal)
            );
            CREATE TABLE artifacts (
              id TEXT PRIMARY KEY,
              run_id TEXT REFERENCES runs (id),
              step TEXT,
              kind TEXT NOT NULL,
              source TEXT NOT NULL,
              path TEXT NOT NULL,
              size INTEGER,
              sha256 TEXT,
              created_at INTEGER NOT NULL,
              manifest TEXT
            );
            CREATE TABLE locks (
              name TEXT PRIMARY KEY,
              run_id TEXT NOT NULL,
              user_name TEXT NOT NULL,
              host TEXT NOT NULL,
              pid INTEGER NOT NULL,
              acquired_at INTEGER NOT NULL,
              heartbeat_at INTEGER NOT NULL,
              expires_at INTEGER NOT NULL
            );
            CREATE TABLE events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at INTEGER NOT NULL,
              run_id TEXT,
              kind TEXT NOT NULL,
              detail TEXT NOT NULL,
              user_name TEXT NOT NULL,
              host TEXT NOT NULL
            );
            """,
            // 2: no new table, new values: run and step states ROLLED_BACK and ROLLBACK_FAILED, run kind 'interactive'
            // (the REPL), 'rollback' events. An older Ripcord, which knows only version 1, then refuses this journal as
            // newer than itself instead of failing on a state it cannot read.
            """
            CREATE INDEX IF NOT EXISTS events_by_run ON events (run_id, kind);
            """,
            // 3 (one release, several changes): call state STOPPED_RUN — a FAILED call now replays as the same failure on
            // resume (the runbook caught it) and only the call that stopped the run acts again; older journals never
            // marked that call, and the newest failed call of each run is the one its resume would have retried. And
            // the problem code that ended a run (ProblemCode's name), so `show --format json` and scripts get the code
            // and exit code a run ended with, not only its message. And a run's owner as pid + start time (clock ticks
            // after boot, /proc/PID/stat) + boot id, and its heartbeat, so a dead owner is told from a reused pid; the
            // process group of every command a run starts, so a resume stops what a killed run left running. And the
            // catalog as root of trust: role 'backup' or 'safety' (a restore's safety copy, listed and kept apart);
            // origin 'run' (cataloged by the run that wrote it) or 'manifest' (from a manifest, by --rescan); the last
            // verify: passed (1/0), when, its checks (JSON, re-applied by restore) and what failed.
            """
            UPDATE calls SET state = 'STOPPED_RUN' WHERE state = 'FAILED' AND ordinal =
              (SELECT MAX(c.ordinal) FROM calls c WHERE c.run_id = calls.run_id AND c.state = 'FAILED');
            ALTER TABLE runs ADD COLUMN error_code TEXT;
            ALTER TABLE runs ADD COLUMN owner_start INTEGER;
            ALTER TABLE runs ADD COLUMN owner_boot TEXT;
            ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER;
            CREATE TABLE process_groups (
              run_id TEXT NOT NULL REFERENCES runs (id),
              pgid INTEGER NOT NULL,
              leader_start INTEGER NOT NULL,
              boot_id TEXT NOT NULL,
              program TEXT NOT NULL,
              started_at INTEGER NOT NULL,
              ended_at INTEGER
            );
            CREATE INDEX process_groups_by_run ON process_groups (run_id, ended_at);
            ALTER TABLE artifacts ADD COLUMN role TEXT NOT NULL DEFAULT 'backup';
            ALTER TABLE artifacts ADD COLUMN origin TEXT NOT NULL DEFAULT 'run';
            ALTER TABLE artifacts ADD COLUMN verify_passed INTEGER;
            ALTER TABLE artifacts ADD COLUMN verified_at INTEGER;
            ALTER TABLE artifacts ADD COLUMN verify_checks TEXT;
            ALTER TABLE artifacts ADD COLUMN verify_failure TEXT;
            UPDATE artifacts SET role = 'safety' WHERE manifest LIKE '%"safetyCopy":true%' OR manifest LIKE '%"safetyCopy": true%';
            """,
            // 4: offsite copies — where each artifact was shipped (a repository's URL, never a credential; the object's
            // key there), when and by which run, and its last read-back verify there
            """
            CREATE TABLE artifact_copies (
              artifact_id TEXT NOT NULL,
              repository TEXT NOT NULL,
              object_key TEXT NOT NULL,
              copied_at INTEGER NOT NULL,
              run_id TEXT,
              verify_passed INTEGER,
              verified_at INTEGER,
              PRIMARY KEY (artifact_id, repository)
            );
            """,
            // 5 (team mode): leases on the database's clock. A lock's lease has a fencing token; a run's owner holds a
            // lease on its run (token, expiry) that every write of the run checks, so an owner that lost it (paused,
            // cut off, taken over) cannot write after another took the run. The host each artifact was made on, for a
            // journal shared by several machines; listings page by start time.
            """
            ALTER TABLE locks ADD COLUMN token TEXT;
            ALTER TABLE runs ADD COLUMN lease_token TEXT;
            ALTER TABLE runs ADD COLUMN lease_expires_at INTEGER;
            ALTER TABLE artifacts ADD COLUMN host TEXT;
            UPDATE artifacts SET host = (SELECT runs.host FROM runs WHERE runs.id = artifacts.run_id);
            CREATE INDEX runs_by_start ON runs (started_at, id);
            """,
            // 6: an encrypted copy's object is not the artifact's bytes: its own size and SHA-256 (what a read-back
            // verify without the identity checks) and the encryption it was written with ('age'; null for a plain copy)
            """
            ALTER TABLE artifact_copies ADD COLUMN object_size INTEGER;
            ALTER TABLE artifact_copies ADD COLUMN object_sha256 TEXT;
            ALTER TABLE artifact_copies ADD COLUMN encryption TEXT;
            """,
            // 7: verify readData: N.percent — the SHA-256 of each fixed-size chunk of the stored object, recorded when
            // the copy is written (chunk_size, chunk_sha256: the hex digests in order, comma-separated), how many chunks
            // subset verifies have read so far (the next one is read_cursor modulo the chunk count), and when the last
            // subset verify passed (never counted as a full verify: verify_passed is a whole read's)
            """
            ALTER TABLE artifact_copies ADD COLUMN chunk_size INTEGER;
            ALTER TABLE artifact_copies ADD COLUMN chunk_sha256 TEXT;
            ALTER TABLE artifact_copies ADD COLUMN read_cursor INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE artifact_copies ADD COLUMN partial_verified_at INTEGER;
            """);

    private JournalSchema() {
    }

    static int latest() {
        return MIGRATIONS.size();
    }
}
