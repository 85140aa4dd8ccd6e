package io.ripcord.model;

import groovy.lang.Closure;
import io.ripcord.problem.SourceLocation;

import java.util.List;

/**
 * {@code rollbackIf { … } then ladder(from: 2) { level 'redeploy', { … }; level 'revert', { … } }}: recovery levels
 * tried in order, from level {@code from} (1-based) on, each ended by a health gate; the next level runs only while
 * the gate stays red.
 */
public record LadderDefinition(int from, List<Level> levels, SourceLocation location) {

    public LadderDefinition {
        levels = List.copyOf(levels);
    }

    /**
     * One level: its name, whether it waits for an approval first, its actions, and where it is written. Its gate is
     * the {@code gate { … }} its body declares, or else the failed step's health checks.
     */
    public record Level(String name, boolean confirm, Closure<?> body, SourceLocation location) {

        /** What a {@code confirm: true} level asks before it acts (the run asks it, the plan shows it). */
        public String question(int number) {
            return "Level " + number + " of the rollback, '" + name + "': go on?";
        }
    }

    /** The levels this ladder tries, first to last: from level {@code from} on. */
    public List<Level> tried() {
        return levels.subList(from - 1, levels.size());
    }
}
