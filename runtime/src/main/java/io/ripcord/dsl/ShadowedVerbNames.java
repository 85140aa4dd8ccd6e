package io.ripcord.dsl;

import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;

import java.util.Set;

/**
 * Verbs named like a method every Java object has ({@code wait}, {@code notify}): inside a closure, Groovy would call
 * {@code Object.wait(long)} on the closure itself before asking the delegate, so {@code wait 5} would throw
 * IllegalMonitorStateException instead of reaching the verb. The compiler renames such calls to a name no object
 * has, and the delegates map it back.
 */
final class ShadowedVerbNames {

    private static final String PREFIX = "ripcord$verb$";
    private static final Set<String> OBJECT_METHODS = Set.of("wait", "notify", "notifyAll", "equals", "hashCode",
            "toString", "getClass", "clone", "finalize");

    private ShadowedVerbNames() {
    }

    /** Renames the call if its verb name is shadowed by an Object method. */
    static void protect(MethodCallExpression call, String verb) {
        if (OBJECT_METHODS.contains(verb)) {
            ConstantExpression renamed = new ConstantExpression(PREFIX + verb);
            renamed.setSourcePosition(call.getMethod());
            call.setMethod(renamed);
        }
    }

    /** The verb name a (possibly renamed) method name stands for. */
    static String original(String methodName) {
        return methodName.startsWith(PREFIX) ? methodName.substring(PREFIX.length()) : methodName;
    }
}
