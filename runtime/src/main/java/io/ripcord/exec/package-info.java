/**
 * Running a loaded runbook: steps in order, each verb call's {@code apply} half, progress to a
 * {@link io.ripcord.exec.RunListener}, and the {@link io.ripcord.exec.RunOutcome} that decides the exit code.
 */
package io.ripcord.exec;
