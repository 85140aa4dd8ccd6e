package io.ripcord.verb;

/**
 * Where a verb whose work has named stages (restore: match, stage, guard, ...) records each one as it ends: journaled
 * on its call as a {@code stage} event, so {@code ripcord show} tells how far a call got and what stopped it.
 */
@FunctionalInterface
public interface StageLog {

    /** {@code outcome}: {@code done} or {@code failed}; {@code millis}: how long the stage took. */
    void ended(String stage, String outcome, long millis);

    /** Records nothing: plans, value lookups, tests. */
    StageLog NONE = (stage, outcome, millis) -> { };
}
