/**
 * The journal, a store: one SQLite file (WAL, every write durable before the next verb call starts) with a versioned
 * schema holding runs, steps, verb calls, artifacts (the backup catalog), locks, process groups and events.
 * {@link io.ripcord.journal.Journal} reads and writes it; what a run does with it (start, resume, replay, leases)
 * lives in the session package.
 */
package io.ripcord.journal;
