/**
 * Running a loaded runbook: steps in order, each verb call's {@code apply} half, progress to a
 * {@link io.ripcord.exec.RunListener}, and the {@link io.ripcord.exec.RunOutcome} that decides the exit code. When a
 * step fails, {@link io.ripcord.exec.RollbackRun} runs the rollback — a body, the undo blocks, or a ladder's levels
 * climbed by {@link io.ripcord.exec.LadderClimb} — and sums it up in a {@link io.ripcord.exec.RollbackSummary}.
 */
package io.ripcord.exec;
