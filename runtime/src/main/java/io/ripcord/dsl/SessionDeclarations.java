package io.ripcord.dsl;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

import java.util.List;
import java.util.Set;

/**
 * Turns a REPL line's top-level {@code def x = ...} into an assignment to the session variable {@code x}, so the
 * next line sees it, and adds {@code x} to the names the checker accepts. Runs before the checker (which works on
 * the canonical tree) and before variable scoping, which then sees {@code x} as a script property.
 */
final class SessionDeclarations extends CompilationCustomizer {

    private final Set<String> names;

    /** {@code names}: the session's variable names, to which this line's declarations are added. */
    SessionDeclarations(Set<String> names) {
        super(CompilePhase.CONVERSION);
        this.names = names;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) {
            return;
        }
        for (MethodNode method : classNode.getMethods()) {
            if (method.isScriptBody() && method.getCode() instanceof BlockStatement block) {
                List<Statement> statements = block.getStatements();
                for (int i = 0; i < statements.size(); i++) {
                    if (statements.get(i) instanceof ExpressionStatement statement
                            && statement.getExpression() instanceof DeclarationExpression declaration
                            && !declaration.isMultipleAssignmentDeclaration()) {
                        statements.set(i, assignment(statement, declaration));
                    }
                }
            }
        }
    }

    private Statement assignment(ExpressionStatement statement, DeclarationExpression declaration) {
        VariableExpression variable = declaration.getVariableExpression();
        names.add(variable.getName());
        Expression value = declaration.getRightExpression() instanceof EmptyExpression ? ConstantExpression.NULL
                : declaration.getRightExpression();
        VariableExpression target = new VariableExpression(variable.getName());
        target.setSourcePosition(variable);
        BinaryExpression assign = new BinaryExpression(target,
                Token.newSymbol(Types.ASSIGN, declaration.getLineNumber(), declaration.getColumnNumber()), value);
        assign.setSourcePosition(declaration);
        ExpressionStatement replaced = new ExpressionStatement(assign);
        replaced.setSourcePosition(statement);
        return replaced;
    }
}
