package io.ripcord.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import io.ripcord.model.LadderDefinition;
import io.ripcord.plan.Deferred;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.problem.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The delegate of {@code ladder(from: N) { level 'name', { … }; … }}: records the levels, in order, and checks the
 * ladder as a whole once its block is read — at least one level, each with its own name and a closure, {@code from}
 * naming one of them. Level bodies run only when the rollback climbs to them.
 */
public final class LadderSpec {

    private final ScriptLocator locator;
    private final List<LadderDefinition.Level> levels = new ArrayList<>();

    LadderSpec(ScriptLocator locator) {
        this.locator = locator;
    }

    /** {@code level 'restore db', confirm: true, { … }}: with {@code confirm: true} it waits for an approval first. */
    public void level(Map<String, Object> options, String name,
                      @DelegatesTo(value = StepScope.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        SourceLocation where = locator.here();
        RunbookSpec.checkOptions("level '" + name + "'", options, DslKeywords.LEVEL_OPTIONS, where);
        if (name == null || name.isBlank()) {
            throw invalid("a ladder's level needs a name", where, "write level 'what it does', { ... }");
        }
        for (LadderDefinition.Level earlier : levels) {
            if (earlier.name().equals(name)) {
                throw invalid("duplicate level name '" + name + "' in the ladder (first at line " + line(earlier.location()) + ")", where,
                        "level names identify the levels in the journal, the report and --approve; give each its own");
            }
        }
        Object confirm = options.get("confirm");
        if (confirm != null && !(confirm instanceof Boolean)) {
            throw invalid("level '" + name + "': confirm must be true or false, not " + confirm, where, "write confirm: true");
        }
        levels.add(new LadderDefinition.Level(name, Boolean.TRUE.equals(confirm), body, where));
    }

    public void level(String name, @DelegatesTo(value = StepScope.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        level(Map.of(), name, body);
    }

    /** {@code level 'revert'} without its actions: said as such, not as a missing method. */
    public void level(Map<String, Object> options, String name) {
        throw noBody(name);
    }

    public void level(String name) {
        throw noBody(name);
    }

    private RunbookException noBody(String name) {
        return invalid("level '" + name + "' has no closure: nothing says what it does", locator.here(),
                "write level '" + name + "', { ... } with the level's actions in the braces");
    }

    /** The ladder as declared at {@code where}; {@code from} is a level number, or a placeholder while checked without values. */
    LadderDefinition build(Object from, SourceLocation where) {
        if (levels.isEmpty()) {
            throw invalid("the ladder has no levels", where, "add level 'name', { ... } for each way to recover, the cheapest first");
        }
        int start = 1;
        if (from != null && !Deferred.isIn(from)) {
            if (!(from instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1 || n.intValue() > levels.size()) {
                throw invalid("ladder(from: " + from + ") names no level: this ladder has levels 1 to " + levels.size()
                        + " (" + String.join(", ", levels.stream().map(LadderDefinition.Level::name).toList()) + ")", where,
                        "give from: a level number from 1 to " + levels.size());
            }
            start = n.intValue();
        }
        return new LadderDefinition(start, levels, where);
    }

    private static int line(SourceLocation where) {
        return where == null ? 0 : where.line();
    }

    static RunbookException invalid(String what, SourceLocation where, String next) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_LADDER, what, where).withNext(next));
    }
}
