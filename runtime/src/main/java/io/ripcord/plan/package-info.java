/**
 * Dry runs. The plan is data: every verb call's read-only {@code plan} half yields a
 * {@link io.ripcord.plan.PlannedAction} from a closed set of {@link io.ripcord.plan.ActionKind}s; a
 * {@link io.ripcord.plan.Plan} holds them per step with the parameters and a hash, and prints as text or JSON.
 */
package io.ripcord.plan;
