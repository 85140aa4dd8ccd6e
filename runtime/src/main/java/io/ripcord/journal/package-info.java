/**
 * The journal: one SQLite file (WAL, every write durable before the next verb call starts) with a versioned
 * schema holding runs, steps, verb calls, artifacts, locks and events. {@link io.ripcord.journal.Journal} is the
 * store; {@link io.ripcord.journal.JournaledCheckpoints} is how a run records and replays its verb calls.
 */
package io.ripcord.journal;
