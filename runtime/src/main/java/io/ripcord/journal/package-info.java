/**
 * The journal, a store: one SQLite file (WAL, every write durable before the next verb call starts), or one PostgreSQL
 * database shared by a team, with one versioned schema holding runs, steps, verb calls, artifacts (the backup catalog),
 * locks, process groups and events. {@link io.ripcord.journal.Journal} reads and writes it through a
 * {@link io.ripcord.journal.JournalDialect}; leases (locks and run owners) are decided on the database's clock and
 * every write of a run is fenced by its lease. What a run does with it (start, resume, replay, heartbeats) lives in
 * the session package.
 */
package io.ripcord.journal;
