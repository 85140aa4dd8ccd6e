package io.ripcord.plan;

import org.codehaus.groovy.runtime.ScriptBytecodeAdapter;
import org.codehaus.groovy.syntax.Types;

/**
 * Every comparison a runbook writes ({@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=},
 * {@code <=>}, {@code in}) and every {@code switch} subject is compiled into a call here, so a deferred value is undecided on either side: Groovy itself answers
 * {@code 'active' == deferred} and {@code deferred == null} with false without asking the deferred value, which
 * would make a plan choose a branch the run may not take. Values that are known compare exactly as Groovy does.
 */
public final class PlanComparisons {

    private PlanComparisons() {
    }

    public static Object compare(int operation, Object left, Object right) throws Throwable {
        if (left instanceof Deferred || right instanceof Deferred) {
            throw new UndecidedInPlan("comparing " + shown(left) + " " + Types.getText(operation) + " " + shown(right));
        }
        return switch (operation) {
            case Types.COMPARE_EQUAL -> ScriptBytecodeAdapter.compareEqual(left, right);
            case Types.COMPARE_NOT_EQUAL -> ScriptBytecodeAdapter.compareNotEqual(left, right);
            case Types.COMPARE_LESS_THAN -> ScriptBytecodeAdapter.compareLessThan(left, right);
            case Types.COMPARE_LESS_THAN_EQUAL -> ScriptBytecodeAdapter.compareLessThanEqual(left, right);
            case Types.COMPARE_GREATER_THAN -> ScriptBytecodeAdapter.compareGreaterThan(left, right);
            case Types.COMPARE_GREATER_THAN_EQUAL -> ScriptBytecodeAdapter.compareGreaterThanEqual(left, right);
            case Types.COMPARE_TO -> ScriptBytecodeAdapter.compareTo(left, right);
            case Types.KEYWORD_IN -> ScriptBytecodeAdapter.isCase(left, right);
            case Types.COMPARE_NOT_IN -> ScriptBytecodeAdapter.isNotCase(left, right);
            default -> throw new IllegalArgumentException("not a comparison: " + Types.getText(operation));
        };
    }

    /** {@code switch (out.stdout) { case 'active': … }}: which case holds is not decided on a deferred value. */
    public static Object decidable(Object subject) {
        if (subject instanceof Deferred) {
            throw new UndecidedInPlan("deciding on " + subject);
        }
        return subject;
    }

    private static String shown(Object value) {
        return value instanceof CharSequence text ? "'" + text + "'" : String.valueOf(value);
    }

    /** Whether {@link #compare} handles this operator. */
    public static boolean handles(int operation) {
        return switch (operation) {
            case Types.COMPARE_EQUAL, Types.COMPARE_NOT_EQUAL, Types.COMPARE_LESS_THAN, Types.COMPARE_LESS_THAN_EQUAL,
                 Types.COMPARE_GREATER_THAN, Types.COMPARE_GREATER_THAN_EQUAL, Types.COMPARE_TO, Types.KEYWORD_IN,
                 Types.COMPARE_NOT_IN -> true;
            default -> false;
        };
    }
}
