package io.ripcord.dsl;

import io.ripcord.plan.PlanComparisons;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Compiles each comparison in a runbook ({@code a == b}, {@code a < b}, {@code a in b}, …) into
 * {@link PlanComparisons#compare}, and each {@code switch} subject into {@link PlanComparisons#decidable}, so
 * that a plan never decides a comparison with a value only the run has, whichever side it is on.
 */
final class ComparisonRewriter extends CompilationCustomizer {

    private static final ClassNode COMPARISONS = ClassHelper.make(PlanComparisons.class);

    ComparisonRewriter() {
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        Transformer transformer = new Transformer(source);
        for (MethodNode method : classNode.getMethods()) {
            if (method.getCode() != null) {
                method.getCode().visit(transformer);
            }
        }
    }

    private static final class Transformer extends ClassCodeExpressionTransformer {
        private final SourceUnit source;

        Transformer(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitSwitch(org.codehaus.groovy.ast.stmt.SwitchStatement statement) {
            super.visitSwitch(statement);
            Expression subject = new StaticMethodCallExpression(COMPARISONS, "decidable",
                    new ArgumentListExpression(statement.getExpression()));
            subject.setSourcePosition(statement.getExpression());
            statement.setExpression(subject);
        }

        @Override
        public Expression transform(Expression e) {
            if (e instanceof ClosureExpression closure) {
                closure.getCode().visit(this); // a closure's body is not an expression: walk into it
                return e;
            }
            if (e instanceof BinaryExpression b && PlanComparisons.handles(b.getOperation().getType())) {
                Expression call = new StaticMethodCallExpression(COMPARISONS, "compare", new ArgumentListExpression(
                        new ConstantExpression(b.getOperation().getType(), true), transform(b.getLeftExpression()),
                        transform(b.getRightExpression())));
                call.setSourcePosition(b);
                return call;
            }
            return e == null ? null : e.transformExpression(this);
        }
    }
}
