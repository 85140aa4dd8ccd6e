/**
 * Where a run's life happens: {@link io.ripcord.session.RunSession} starts a run and resumes one (resumability and
 * changed-step checks, the lock lease and its heartbeat, the leftovers of a dead owner: its process groups and
 * temporary files, {@link io.ripcord.session.LeftoverSweep}), and {@link io.ripcord.session.JournaledCheckpoints} is
 * how each verb call is recorded and, on resume, replayed (the replay rule). The journal package is the store these
 * read and write; the exec package runs the steps.
 */
package io.ripcord.session;
