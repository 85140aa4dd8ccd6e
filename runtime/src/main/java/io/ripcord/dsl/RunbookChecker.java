package io.ripcord.dsl;

import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.SourceLocation;
import io.ripcord.verb.ArgSpec;
import io.ripcord.verb.VerbRegistry;
import io.ripcord.verb.VerbSpec;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a runbook at compile time, before anything runs: every call is a DSL keyword in its place, a verb inside
 * a step with arguments it declares (and constant values of the right type), or a method the file defines; every
 * name is a declared variable, {@code params} or a closure's own property; {@code params.X} names a declared
 * parameter. Each finding is a {@link Problem} with file:line and the nearest known names. The runtime guards in
 * {@link RunbookScript} and {@link StepScope} catch what only shows at run time (names built from strings).
 */
final class RunbookChecker extends CompilationCustomizer {

    /**
     * Where code stands: STEP covers step bodies and helpers; ROLLBACK a rollback's body (verbs, no undo); CONDITION a
     * rollbackIf condition; LADDER a rollback ladder's block (levels only); LEVEL a level's body (a rollback's, and its gate).
     */
    private enum Scope { TOP, RUNBOOK, STEP, ROLLBACK, CONDITION, LADDER, LEVEL, ON_FAILURE }

    /**
     * A line typed at the REPL: its top level is a step's body, and it may read and assign the session's variables
     * and read the loaded runbook's parameters.
     */
    record Interactive(Set<String> variables, Set<String> params) {
    }

    private final VerbRegistry verbs;
    private final ScriptLocator locator;
    private final Interactive interactive;
    private final List<Problem> problems = new ArrayList<>();
    /** First and last line of each constant-named step's body, for per-step content hashes. */
    private final java.util.Map<String, int[]> stepRanges = new java.util.HashMap<>();

    RunbookChecker(VerbRegistry verbs, ScriptLocator locator) {
        this(verbs, locator, null);
    }

    /** {@code interactive} is null for a runbook file. */
    RunbookChecker(VerbRegistry verbs, ScriptLocator locator, Interactive interactive) {
        super(CompilePhase.CANONICALIZATION);
        this.verbs = verbs;
        this.locator = locator;
        this.interactive = interactive;
    }

    List<Problem> problems() {
        return problems;
    }

    java.util.Map<String, int[]> stepRanges() {
        return stepRanges;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) throws CompilationFailedException {
        if (!classNode.isScript()) {
            return;
        }
        Set<String> scriptMethods = new TreeSet<>();
        for (MethodNode m : classNode.getMethods()) {
            if (!m.isScriptBody() && !"main".equals(m.getName())) {
                scriptMethods.add(m.getName());
            }
        }
        Names names = new Names();
        names.collect(classNode);
        if (interactive != null) {
            names.variables.addAll(interactive.variables());
            names.params.addAll(interactive.params());
        }
        Visitor visitor = new Visitor(source, scriptMethods, names);
        for (MethodNode m : classNode.getMethods()) {
            if (m.isScriptBody()) {
                visitor.scopes.push(interactive == null ? Scope.TOP : Scope.STEP);
            } else if (scriptMethods.contains(m.getName())) {
                visitor.scopes.push(Scope.STEP); // helper methods are called from steps
            } else {
                continue;
            }
            if (m.getCode() != null) {
                m.getCode().visit(visitor);
            }
            visitor.scopes.pop();
        }
    }

    /** Declared variable and parameter names in the file, for suggestions and the params.X check. */
    /** A variable declared with a verb's result ({@code def out = sh 'echo 5'}): which verb, and its result type. */
    private record Typed(String verb, io.ripcord.verb.ResultType type) {
    }

    private final class Names extends ClassCodeVisitorSupport {
        final Set<String> variables = new TreeSet<>();
        final Set<String> params = new TreeSet<>();
        boolean paramsAllConstant = true;
        /** Variables that hold a verb's result and are never assigned anything else, by declaration. */
        final java.util.Map<org.codehaus.groovy.ast.Variable, Typed> typed = new java.util.IdentityHashMap<>();
        final Set<org.codehaus.groovy.ast.Variable> reassigned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        @Override
        public void visitBinaryExpression(BinaryExpression e) {
            if (!(e instanceof DeclarationExpression) && Types.ofType(e.getOperation().getType(), Types.ASSIGNMENT_OPERATOR)
                    && e.getLeftExpression() instanceof VariableExpression v && v.getAccessedVariable() != null) {
                reassigned.add(v.getAccessedVariable());
            }
            super.visitBinaryExpression(e);
        }

        void collect(ClassNode classNode) {
            for (MethodNode m : classNode.getMethods()) {
                for (Parameter p : m.getParameters()) {
                    variables.add(p.getName());
                }
                if (m.getCode() != null) {
                    m.getCode().visit(this);
                }
            }
        }

        @Override
        public void visitDeclarationExpression(DeclarationExpression e) {
            if (e.getLeftExpression() instanceof VariableExpression v) {
                variables.add(v.getName());
                if (e.getRightExpression() instanceof MethodCallExpression call) {
                    Typed result = verbResult(call);
                    if (result != null) {
                        typed.put(v, result);
                    }
                }
            }
            super.visitDeclarationExpression(e);
        }

        @Override
        public void visitClosureExpression(ClosureExpression e) {
            if (e.getParameters() != null) {
                for (Parameter p : e.getParameters()) {
                    variables.add(p.getName());
                }
            }
            super.visitClosureExpression(e);
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            if (call.isImplicitThis() && "param".equals(call.getMethodAsString())) {
                Expression first = positionalArgs(call).stream().findFirst().orElse(null);
                if (first instanceof ConstantExpression c && c.getValue() instanceof String s) {
                    params.add(s);
                } else {
                    paramsAllConstant = false;
                }
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return null;
        }
    }

    private final class Visitor extends ClassCodeVisitorSupport {
        final Deque<Scope> scopes = new ArrayDeque<>();
        private final java.util.Map<String, Integer> stepLines = new java.util.HashMap<>();
        /** failed 'name' calls in rollbackIf conditions, checked against the steps once the whole runbook is seen. */
        private final List<MethodCallExpression> failedRefs = new ArrayList<>();
        private int runbooks;
        private final SourceUnit source;
        private final Set<String> scriptMethods;
        private final Names names;

        Visitor(SourceUnit source, Set<String> scriptMethods, Names names) {
            this.source = source;
            this.scriptMethods = scriptMethods;
            this.names = names;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            if (!call.isImplicitThis() && "then".equals(name) && call.getObjectExpression() instanceof MethodCallExpression clause
                    && clause.isImplicitThis() && "rollbackIf".equals(clause.getMethodAsString())) {
                clause.visit(this);
                MethodCallExpression ladder = positionalArgs(call).stream().findFirst()
                        .filter(e -> e instanceof MethodCallExpression m && m.isImplicitThis() && "ladder".equals(m.getMethodAsString()))
                        .map(MethodCallExpression.class::cast).orElse(null);
                if (ladder != null) {
                    checkNamedKeys(ladder, "ladder", DslKeywords.LADDER_OPTIONS);
                }
                scopes.push(ladder == null ? Scope.ROLLBACK : Scope.LADDER);
                (ladder == null ? call.getArguments() : ladder.getArguments()).visit(this);
                scopes.pop();
                return;
            }
            if (!call.isImplicitThis() || name == null) {
                super.visitMethodCallExpression(call);
                return;
            }
            Scope scope = scopes.peek();
            Scope inner = scope;
            boolean acts = scope == Scope.STEP || scope == Scope.ROLLBACK || scope == Scope.LEVEL || scope == Scope.ON_FAILURE;
            if (scope == Scope.LADDER) {
                expect("level".equals(name), call, "only levels belong in a ladder, not '" + name + "'",
                        "write level 'name', { ... } and put the actions inside its braces");
                checkNamedKeys(call, "level", DslKeywords.LEVEL_OPTIONS);
                inner = Scope.LEVEL;
            } else if (scope == Scope.CONDITION && "failed".equals(name)) {
                failedRefs.add(call);
            } else if ("undo".equals(name) && !scriptMethods.contains(name)) {
                expect(scope == Scope.STEP, call, "'undo' belongs in a step"
                                + (scope == Scope.ROLLBACK || scope == Scope.LEVEL ? ", not in a rollback"
                                : scope == Scope.ON_FAILURE ? ", not in onFailure" : ""),
                        "declare undo { ... } inside the step whose effect it takes back");
            } else if ("gate".equals(name) && !scriptMethods.contains(name)) {
                expect(scope == Scope.LEVEL, call, "'gate' belongs in a level of a rollback ladder",
                        "write it inside level 'name', { ...; gate { healthCheck ... } }");
                inner = Scope.ROLLBACK;
            } else if ("ladder".equals(name) && !scriptMethods.contains(name)) {
                report(Problem.of(ProblemCode.MISPLACED_CALL, "'ladder' belongs after rollbackIf { ... } then", at(call))
                        .withNext("write rollbackIf { failed 'health' } then ladder { level 'name', { ... } }"));
                inner = Scope.LADDER; // its levels are what was meant: say the one misplacement, not each level
            } else if (scriptMethods.contains(name) || DslKeywords.GROOVY_BUILTINS.contains(name) || names.variables.contains(name)) {
                // a helper method, Groovy's println, or a closure held in a variable
            } else if (DslKeywords.INSTEAD.containsKey(name)) {
                String instead = DslKeywords.INSTEAD.get(name);
                report(Problem.of(ProblemCode.UNKNOWN_VERB, "'" + name + "' is not available in runbooks", at(call))
                        .withNext("use " + instead + (instead.equals("log") ? ": its output is redacted and journaled"
                                : ": it can be interrupted with Ctrl-C")));
            } else if (DslKeywords.ANYWHERE.contains(name)) {
                checkNamedKeys(call, name, DslKeywords.SECRET_OPTIONS);
            } else if ("runbook".equals(name)) {
                expect(scope == Scope.TOP, call, "'runbook' must be at the top of the file, not nested", "keep one runbook block per file");
                if (runbooks++ > 0) {
                    report(Problem.of(ProblemCode.INVALID_RUNBOOK, "a second runbook in the same file", at(call))
                            .withNext("put each runbook in a file of its own"));
                }
                stepLines.clear();
                checkNamedKeys(call, "runbook", DslKeywords.RUNBOOK_OPTIONS);
                inner = Scope.RUNBOOK;
            } else if (DslKeywords.RUNBOOK.contains(name)) {
                expect(scope == Scope.RUNBOOK, call, "'" + name + "' belongs directly inside runbook { }"
                        + (scope == Scope.STEP ? ", not inside a step" : ""), "move it into the runbook block, outside any step");
                if ("param".equals(name)) {
                    checkNamedKeys(call, "param", DslKeywords.PARAM_OPTIONS);
                }
                if ("step".equals(name)) {
                    checkUniqueStep(call);
                }
                // onFailure { } acts like a rollback's body: verbs, but no undo (nothing after it would take it back);
                // it alone reads the run's failure
                inner = "step".equals(name) ? Scope.STEP : "rollbackIf".equals(name) ? Scope.CONDITION
                        : "onFailure".equals(name) ? Scope.ON_FAILURE : scope;
            } else if (verbs.has(name)) {
                boolean value = verbs.find(name).orElseThrow() instanceof io.ripcord.verb.ValueVerb v && !v.dependsOnRun();
                expect(value || acts, call, "verb '" + name + "' is outside a step"
                        + (scope == Scope.CONDITION ? " (a rollbackIf condition only decides; act in then { ... })" : ""),
                        "verbs act only inside step 'name', { ... }");
                checkVerbArguments(call, verbs.find(name).orElseThrow().spec());
                ShadowedVerbNames.protect(call, name);
            } else {
                Set<String> known = new TreeSet<>(verbs.names());
                known.addAll(DslKeywords.TOP);
                known.addAll(DslKeywords.RUNBOOK);
                known.addAll(DslKeywords.ANYWHERE);
                known.addAll(scriptMethods);
                report(new Problem(ProblemCode.UNKNOWN_VERB, "unknown verb '" + name + "'", at(call),
                        NearestNames.to(name, known), "known verbs: " + String.join(", ", verbs.names())));
            }
            call.getObjectExpression().visit(this);
            scopes.push(inner);
            call.getArguments().visit(this);
            scopes.pop();
            if ("runbook".equals(name)) {
                checkFailedRefs();
            }
        }

        /** {@code failed 'helth'} would never hold: name the steps there are. */
        private void checkFailedRefs() {
            for (MethodCallExpression ref : failedRefs) {
                Expression first = positionalArgs(ref).stream().findFirst().orElse(null);
                if (first instanceof ConstantExpression c && c.getValue() instanceof String step && !stepLines.containsKey(step)) {
                    report(new Problem(ProblemCode.UNKNOWN_ARGUMENT, "rollbackIf names step '" + step + "', which this runbook does not have",
                            at(ref), NearestNames.to(step, stepLines.keySet()), "steps: " + String.join(", ", new TreeSet<>(stepLines.keySet()))));
                }
            }
            failedRefs.clear();
        }

        @Override
        public void visitBinaryExpression(BinaryExpression e) {
            if (e.getOperation().getType() == Types.ASSIGN && e.getLeftExpression() instanceof VariableExpression v
                    && v.getAccessedVariable() instanceof DynamicVariable && !isSessionVariable(v.getName())) {
                report(Problem.of(ProblemCode.UNKNOWN_PROPERTY, "assignment to undeclared variable '" + v.getName() + "'", at(v))
                        .withNext("declare it: def " + v.getName() + " = ..."));
                e.getRightExpression().visit(this);
                return;
            }
            super.visitBinaryExpression(e);
        }

        @Override
        public void visitVariableExpression(VariableExpression v) {
            if (!(v.getAccessedVariable() instanceof DynamicVariable)) {
                return;
            }
            String name = v.getName();
            if (isSessionVariable(name)) {
                return;
            }
            if ("params".equals(name)) {
                expect(scopes.peek() != Scope.TOP, v, "params can only be read inside runbook { }",
                        "read params.NAME inside the runbook block, after its param declarations");
                return;
            }
            if (DslKeywords.CLOSURE_PROPERTIES.contains(name)
                    || scopes.peek() == Scope.CONDITION && RollbackCondition.WORDS.contains(name)
                    || RunFailure.NAME.equals(name) && scopes.contains(Scope.ON_FAILURE)) {
                return;
            }
            Set<String> known = new TreeSet<>(names.variables);
            known.addAll(DslKeywords.STEP_PROPERTIES);
            report(new Problem(ProblemCode.UNKNOWN_PROPERTY, "unknown name '" + name + "'", at(v),
                    NearestNames.to(name, known), "declare it with def " + name + " = ..., or check the spelling"));
        }

        /**
         * The type an expression has when it is a verb's result, a variable holding one, or a member of either
         * ({@code out.stdout}); null when not known here.
         */
        private Typed staticType(Expression e) {
            if (e instanceof VariableExpression v && v.getAccessedVariable() != null) {
                Typed t = names.typed.get(v.getAccessedVariable());
                return t == null || names.reassigned.contains(v.getAccessedVariable()) ? null : t;
            }
            if (e instanceof MethodCallExpression call) {
                String name = call.getMethodAsString();
                return name == null || scriptMethods.contains(ShadowedVerbNames.original(name))
                        || names.variables.contains(ShadowedVerbNames.original(name)) ? null : verbResult(call);
            }
            if (e instanceof PropertyExpression p && !p.isSpreadSafe() && p.getProperty() instanceof ConstantExpression c
                    && c.getValue() instanceof String member) {
                Typed outer = staticType(p.getObjectExpression());
                return outer == null || !outer.type().closed() || outer.type().member(member).isEmpty() ? null
                        : new Typed(outer.verb(), outer.type().memberType(member));
            }
            return null;
        }

        /** {@code failure.stepp} in onFailure would fail only in the alert, when it matters: caught now. */
        private void checkFailureMember(PropertyExpression e) {
            if (e.getObjectExpression() instanceof VariableExpression v && RunFailure.NAME.equals(v.getName())
                    && v.getAccessedVariable() instanceof DynamicVariable && scopes.contains(Scope.ON_FAILURE)
                    && e.getProperty() instanceof ConstantExpression c && c.getValue() instanceof String member
                    && !RunFailure.MEMBERS.contains(member)) {
                report(new Problem(ProblemCode.UNKNOWN_PROPERTY, "unknown member '" + member + "' of failure", at(e.getProperty()),
                        NearestNames.to(member, RunFailure.MEMBERS), "failure has: " + String.join(", ", RunFailure.MEMBERS)));
            }
        }

        /** {@code out.output} where {@code out = sh '...'}: caught now, not after the command ran. */
        private void checkMember(PropertyExpression e) {
            if (e.isSpreadSafe() || !(e.getProperty() instanceof ConstantExpression c) || !(c.getValue() instanceof String member)) {
                return;
            }
            Typed t = staticType(e.getObjectExpression());
            if (t != null && t.type().closed() && t.type().member(member).isEmpty()) {
                String of = e.getObjectExpression().getText();
                report(t.type().unknownMember(member, "'" + of + "' (" + (t.type().type() == Void.class ? t.verb() + " returns nothing"
                        : "a " + t.type().typeName() + ", from " + t.verb()) + ")", at(e.getProperty())));
            }
        }

        @Override
        public void visitPropertyExpression(PropertyExpression e) {
            checkMember(e);
            checkFailureMember(e);
            if (e.getObjectExpression() instanceof VariableExpression v && "params".equals(v.getName())
                    && v.getAccessedVariable() instanceof DynamicVariable && names.paramsAllConstant
                    && e.getProperty() instanceof ConstantExpression c && c.getValue() instanceof String p
                    && !names.params.contains(p)) {
                report(new Problem(ProblemCode.UNKNOWN_PROPERTY, "unknown parameter 'params." + p + "'", at(e.getProperty()),
                        NearestNames.to(p, names.params),
                        names.params.isEmpty() ? "declare it: param '" + p + "'" : "declared parameters: " + String.join(", ", names.params)));
            }
            super.visitPropertyExpression(e);
        }

        private void checkUniqueStep(MethodCallExpression call) {
            Expression first = positionalArgs(call).stream().findFirst().orElse(null);
            if (first instanceof ConstantExpression c && c.getValue() instanceof String stepName) {
                call.getArguments().visit(new org.codehaus.groovy.ast.CodeVisitorSupport() {
                    @Override
                    public void visitClosureExpression(ClosureExpression body) {
                        stepRanges.putIfAbsent(stepName, new int[]{body.getLineNumber(), body.getLastLineNumber()});
                    }
                });
                Integer earlier = stepLines.putIfAbsent(stepName, call.getLineNumber());
                if (earlier != null) {
                    report(Problem.of(ProblemCode.DUPLICATE_STEP, "duplicate step name '" + stepName + "' (first defined at line "
                            + earlier + ")", at(call)).withNext("step names identify checkpoints; give each step its own name"));
                }
            }
        }

        private void checkVerbArguments(MethodCallExpression call, VerbSpec spec) {
            for (MapEntryExpression entry : namedArgs(call)) {
                if (!(entry.getKeyExpression() instanceof ConstantExpression key)) {
                    continue;
                }
                String argName = String.valueOf(key.getValue());
                var arg = spec.arg(argName);
                if (arg.isEmpty()) {
                    report(new Problem(ProblemCode.UNKNOWN_ARGUMENT, "unknown argument '" + argName + "' of " + spec.name(), at(key),
                            NearestNames.to(argName, spec.argNames()), spec.name() + " takes " + String.join(", ", spec.argNames())
                            + "; see `ripcord help " + spec.name() + "`"));
                } else {
                    checkConstant(spec, arg.get(), entry.getValueExpression());
                }
            }
            List<Expression> positional = positionalArgs(call);
            List<String> slots = spec.positionals();
            if (positional.size() > Math.max(1, slots.size())) {
                report(Problem.of(ProblemCode.INVALID_ARGUMENT, spec.name() + " takes at most "
                        + (slots.size() <= 1 ? "one value" : slots.size() + " values") + " before its named arguments"
                        + (slots.isEmpty() ? "" : " (" + String.join(", ", slots) + ")") + ", got " + positional.size(), at(call))
                        .withNext("name the others: see `ripcord help " + spec.name() + "`"));
                return;
            }
            for (int i = 0; i < Math.min(positional.size(), slots.size()); i++) {
                checkConstant(spec, spec.arg(slots.get(i)).orElseThrow(), positional.get(i));
            }
            checkRequired(call, spec, Math.min(positional.size(), slots.size()));
            checkRules(call, spec, positional);
        }

        /** The verb's own rules across its arguments, when every key is a constant; on the values the file spells out. */
        private void checkRules(MethodCallExpression call, VerbSpec spec, List<Expression> positional) {
            if (spec.rules().isEmpty()) {
                return;
            }
            java.util.Set<String> given = new java.util.HashSet<>();
            java.util.Map<String, Object> literals = new java.util.HashMap<>();
            java.util.Map<String, Expression> where = new java.util.HashMap<>();
            for (MapEntryExpression entry : namedArgs(call)) {
                if (!(entry.getKeyExpression() instanceof ConstantExpression key)) {
                    return; // a computed or spread key: only the run can tell
                }
                String name = String.valueOf(key.getValue());
                given.add(name);
                where.put(name, key);
                literal(entry.getValueExpression()).ifPresent(v -> literals.put(name, v));
            }
            List<String> slots = spec.positionals();
            for (int i = 0; i < Math.min(positional.size(), slots.size()); i++) {
                given.add(slots.get(i));
                where.put(slots.get(i), positional.get(i));
                int at = i;
                literal(positional.get(i)).ifPresent(v -> literals.put(slots.get(at), v));
            }
            for (io.ripcord.verb.CallRule rule : spec.rules()) {
                rule.check(given, literals).ifPresent(v -> report(Problem.of(v.code(), v.message(), at(where.getOrDefault(v.argument(), call)))
                        .withNext(v.next())));
            }
        }

        /** A value the file spells out: a constant, or a list of constants. */
        private java.util.Optional<Object> literal(Expression value) {
            if (value instanceof ConstantExpression c && c.getValue() != null) {
                return java.util.Optional.of(c.getValue());
            }
            if (value instanceof org.codehaus.groovy.ast.expr.ListExpression list
                    && list.getExpressions().stream().allMatch(e -> e instanceof ConstantExpression c && c.getValue() != null)) {
                return java.util.Optional.of(list.getExpressions().stream().map(e -> ((ConstantExpression) e).getValue()).toList());
            }
            return java.util.Optional.empty();
        }

        private void checkRequired(MethodCallExpression call, VerbSpec spec, int positionalCount) {
            java.util.Set<String> given = new java.util.HashSet<>();
            for (MapEntryExpression entry : namedArgs(call)) {
                if (!(entry.getKeyExpression() instanceof ConstantExpression key)) {
                    return; // a computed or spread key: only the run-time binding can tell
                }
                given.add(String.valueOf(key.getValue()));
            }
            given.addAll(spec.positionals().subList(0, positionalCount));
            for (ArgSpec arg : spec.args()) {
                if (arg.required() && !given.contains(arg.name())) {
                    report(Problem.of(ProblemCode.MISSING_ARGUMENT, spec.name() + " needs '" + arg.name() + "'", at(call))
                            .withNext("usage: " + io.ripcord.verb.VerbReference.usage(spec)));
                    return;
                }
            }
        }

        private void checkConstant(VerbSpec spec, ArgSpec arg, Expression value) {
            if (arg.type() == io.ripcord.verb.ArgType.PLACE) {
                checkPlaces(spec, arg, value);
            }
            if (value instanceof ConstantExpression c && c.getValue() != null) {
                try {
                    arg.type().check(c.getValue());
                } catch (IllegalArgumentException e) {
                    report(Problem.of(ProblemCode.INVALID_ARGUMENT, spec.name() + " argument '" + arg.name() + "' " + e.getMessage(), at(value))
                            .withNext("see `ripcord help " + spec.name() + "`"));
                }
            }
        }

        /** A constant directory or repository URL, alone or in a list literal, parsed as the run would. */
        private void checkPlaces(VerbSpec spec, ArgSpec arg, Expression value) {
            List<Expression> items = value instanceof org.codehaus.groovy.ast.expr.ListExpression list ? list.getExpressions() : List.of(value);
            for (Expression item : items) {
                if (item instanceof ConstantExpression c && c.getValue() instanceof String text) {
                    try {
                        io.ripcord.repository.RepositoryUrl.parse(text);
                    } catch (io.ripcord.repository.RepositoryUrl.Invalid e) {
                        report(Problem.of(ProblemCode.INVALID_REPOSITORY, spec.name() + " " + arg.name() + ": " + e.getMessage(), at(item))
                                .withNext(io.ripcord.repository.RepositoryUrl.NEXT + "; see `ripcord help " + spec.name() + "`"));
                    }
                }
            }
        }

        private void checkNamedKeys(MethodCallExpression call, String what, List<String> known) {
            for (MapEntryExpression entry : namedArgs(call)) {
                if (entry.getKeyExpression() instanceof ConstantExpression key && !known.contains(String.valueOf(key.getValue()))) {
                    String option = String.valueOf(key.getValue());
                    report(new Problem(ProblemCode.UNKNOWN_ARGUMENT, "unknown option '" + option + "' of " + what, at(key),
                            NearestNames.to(option, known), "known options: " + String.join(", ", known)));
                }
            }
        }

        private void expect(boolean ok, ASTNode node, String message, String next) {
            if (!ok) {
                report(Problem.of(ProblemCode.MISPLACED_CALL, message, at(node)).withNext(next));
            }
        }
    }

    /** The verb a call names, with its result type; null when it is not a verb call. */
    private Typed verbResult(MethodCallExpression call) {
        String name = call.getMethodAsString();
        if (!call.isImplicitThis() || name == null) {
            return null;
        }
        String verb = ShadowedVerbNames.original(name);
        return verbs.find(verb).map(v -> new Typed(verb, v.spec().result())).orElse(null);
    }

    private boolean isSessionVariable(String name) {
        return interactive != null && interactive.variables().contains(name);
    }

    private void report(Problem problem) {
        problems.add(problem);
    }

    private SourceLocation at(ASTNode node) {
        return locator.line(node.getLineNumber());
    }

    private static List<MapEntryExpression> namedArgs(MethodCallExpression call) {
        List<MapEntryExpression> out = new ArrayList<>();
        if (call.getArguments() instanceof TupleExpression tuple) {
            for (Expression e : tuple.getExpressions()) {
                if (e instanceof MapExpression map) {
                    out.addAll(map.getMapEntryExpressions());
                }
            }
        }
        return out;
    }

    private static List<Expression> positionalArgs(MethodCallExpression call) {
        List<Expression> out = new ArrayList<>();
        if (call.getArguments() instanceof TupleExpression tuple) {
            for (Expression e : tuple.getExpressions()) {
                if (!(e instanceof MapExpression) && !(e instanceof ClosureExpression)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

}
