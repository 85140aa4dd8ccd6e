package io.ripcord.dsl;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import io.ripcord.model.RunbookSource;
import io.ripcord.model.StepDefinition;
import io.ripcord.problem.RunbookException;
import io.ripcord.secret.Redactor;
import io.ripcord.secret.SecretResolver;
import io.ripcord.verb.VerbRegistry;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Compiles one line typed at the REPL with the same compiler, checks and base class rules as a runbook, except that
 * the line is a step's body: verbs act (or describe) at its top level, and it sees the session's variables. The line
 * runs inside a {@link StepScope}, so a run's or a plan's verb invoker decides what its verb calls do.
 */
public final class LineCompiler {

    private final VerbRegistry verbs;
    private final SecretResolver secrets;
    private final LoadTimeContext context;

    public LineCompiler(VerbRegistry verbs, Path workingDirectory, Map<String, String> environment, Redactor redactor) {
        this.verbs = verbs;
        this.secrets = new SecretResolver(environment, workingDirectory, redactor);
        this.context = new LoadTimeContext(workingDirectory, environment);
    }

    /** A compiled line: a step body to run in a scope, where it is in messages ("command 3:1"), and its value once run. */
    public static final class Line {
        private final int number;
        private final ScriptLocator locator;
        private final Closure<Object> body;
        private final Set<String> declared;
        private Object value;

        private Line(int number, ScriptLocator locator, Closure<Object> body, Set<String> declared) {
            this.number = number;
            this.locator = locator;
            this.body = body;
            this.declared = declared;
        }

        public int number() { return number; }
        public ScriptLocator locator() { return locator; }
        /** Names the line declares with {@code def}: session variables from now on. */
        public Set<String> declared() { return declared; }
        /** What the line evaluated to, after it ran. */
        public Object value() { return value; }

        /** The line as a step called {@code name}, for a runner or a planner. */
        public StepDefinition step(String name) {
            return new StepDefinition(name, body, locator.line(1), null);
        }
    }

    /**
     * Compiles {@code code}; problems (syntax, unknown verbs and names with the nearest known ones, wrong arguments)
     * come out as a {@link RunbookException} located at "command N:line".
     *
     * @param variables the session's variables: read by the line, and written by its {@code def}s when it runs
     * @param params    the parameter names {@code params.X} may read (the loaded runbook's)
     */
    public Line compile(int number, String code, Map<String, Object> variables, Set<String> params) {
        RunbookSource source = RunbookSource.of(Path.of("ripcord_command_" + number + ".groovy"), "command " + number, code);
        ScriptLocator locator = new ScriptLocator(source);
        Set<String> names = new LinkedHashSet<>(variables.keySet());
        Set<String> before = Set.copyOf(names);
        RunbookChecker checker = new RunbookChecker(verbs, locator, new RunbookChecker.Interactive(names, Set.copyOf(params)));
        var config = RunbookCompiler.configuration(SessionScript.class, new SessionDeclarations(names), checker);
        Class<?> type;
        try {
            GroovyClassLoader loader = new GroovyClassLoader(SessionScript.class.getClassLoader(), config);
            type = loader.parseClass(new GroovyCodeSource(code, source.fileName(), "/groovy/shell"), false);
        } catch (MultipleCompilationErrorsException e) {
            throw RunbookCompiler.problems(e, checker, code, locator);
        }
        if (!checker.problems().isEmpty()) {
            throw new RunbookException(checker.problems());
        }
        Set<String> declared = new LinkedHashSet<>(names);
        declared.removeAll(before);
        Line[] self = new Line[1];
        var load = new RunbookScript.LoadContext(verbs, locator, new ArrayList<>(), secrets, context, null);
        Closure<Object> body = new Closure<>(null) {
            @Override
            public Object call() {
                try {
                    SessionScript script = (SessionScript) type.getDeclaredConstructor().newInstance();
                    script.setBinding(new Binding());
                    script.attach(load);
                    script.session(variables, names);
                    self[0].value = script.run();
                    return self[0].value;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot instantiate the compiled line " + type.getName(), e);
                }
            }

            @Override
            public Object call(Object... args) {
                return call();
            }
        };
        self[0] = new Line(number, locator, body, Set.copyOf(declared));
        return self[0];
    }
}
