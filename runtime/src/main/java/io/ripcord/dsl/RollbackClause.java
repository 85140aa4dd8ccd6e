package io.ripcord.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import io.ripcord.model.RollbackDefinition;
import io.ripcord.problem.SourceLocation;

import java.util.List;

/**
 * What {@code rollbackIf { condition }} returns, so that {@code then { … }} can give it a body. Left without one, the
 * rollback undoes the completed steps.
 */
public final class RollbackClause {

    private final List<RollbackDefinition> rollbacks;
    private final int index;

    RollbackClause(List<RollbackDefinition> rollbacks, int index) {
        this.rollbacks = rollbacks;
        this.index = index;
    }

    /** {@code rollbackIf { failed 'health' } then { restore lastBackup(db) }}: what the rollback does. */
    public void then(@DelegatesTo(value = StepScope.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        RollbackDefinition declared = rollbacks.get(index);
        rollbacks.set(index, new RollbackDefinition(declared.condition(), body, declared.location()));
    }

    /** {@code rollbackIf { failed 'health' } then ladder { level 'redeploy', { … }; … }}: the levels it climbs. */
    public void then(io.ripcord.model.LadderDefinition ladder) {
        RollbackDefinition declared = rollbacks.get(index);
        rollbacks.set(index, new RollbackDefinition(declared.condition(), null, ladder, declared.location()));
    }

    static RollbackDefinition declared(Closure<?> condition, SourceLocation where) {
        return new RollbackDefinition(condition, null, where);
    }
}
