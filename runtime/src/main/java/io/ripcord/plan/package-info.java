/**
 * Dry runs. The plan is data: every verb call's read-only {@code plan} half yields a
 * {@link io.ripcord.plan.PlannedAction} from a closed set of {@link io.ripcord.plan.ActionKind}s; a
 * {@link io.ripcord.plan.Plan} holds them per step with the parameters and a hash, and prints as text or JSON.
 * What only the run knows is a {@link io.ripcord.plan.Deferred}: it answers only its result type's members and
 * decides nothing — truthiness, iteration and every comparison ({@link io.ripcord.plan.PlanComparisons}) raise
 * {@link io.ripcord.plan.UndecidedInPlan}, and the planner stops that step's plan there, saying which question.
 */
package io.ripcord.plan;
