package io.ripcord.dsl;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.RunbookSource;
import io.ripcord.model.SemVer;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.VerbRegistry;
import groovy.lang.Binding;

import io.ripcord.model.StepDefinition;
import io.ripcord.secret.Redactor;
import io.ripcord.secret.SecretResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Loads a runbook file completely before anything runs: compiles and checks it, evaluates its definition (the
 * {@code runbook} block, not the steps' bodies) and validates name, version, parameters and steps.
 */
public final class RunbookLoader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");

    private final VerbRegistry verbs;
    private final RunbookCompiler compiler;
    private final SecretResolver secrets;
    private final LoadTimeContext context;

    /** Paths resolve against {@code workingDirectory}; secrets come from {@code environment} and are registered with the redactor. */
    public RunbookLoader(VerbRegistry verbs, Path workingDirectory, Map<String, String> environment, Redactor redactor) {
        this(verbs, workingDirectory, environment, redactor, null);
    }

    /** With a cache of compiled classes: an unchanged runbook loads without compiling. */
    public RunbookLoader(VerbRegistry verbs, Path workingDirectory, Map<String, String> environment, Redactor redactor,
                         CompiledClassCache cache) {
        this.verbs = verbs;
        this.compiler = new RunbookCompiler(verbs, cache);
        this.secrets = new SecretResolver(environment, workingDirectory, redactor);
        this.context = new LoadTimeContext(workingDirectory, environment);
    }

    /** A loader for this process's working directory and environment. */
    public RunbookLoader(VerbRegistry verbs) {
        this(verbs, Path.of("").toAbsolutePath(), System.getenv(), new Redactor());
    }

    public VerbRegistry verbs() {
        return verbs;
    }

    /**
     * Loads for {@code check}: parameters read outside the steps are placeholders ({@code <params.db>}); plan and run
     * evaluate it again with the values ({@link RunbookDefinition#withParams}).
     */
    public RunbookDefinition load(RunbookSource source) {
        RunbookCompiler.CompiledRunbook compiled = compiler.compile(source);
        RunbookDefinition definition = evaluate(source, compiled, null);
        compiled.cacheIt().run(); // only a runbook that loads and validates is worth keeping
        return definition;
    }

    /** Loads with these parameter values for code outside the steps to read. */
    public RunbookDefinition load(RunbookSource source, Map<String, Object> paramValues) {
        return load(source).withParams(paramValues);
    }

    /** One evaluation of the compiled file: its runbook block runs (not the steps' bodies) and is validated. */
    private RunbookDefinition evaluate(RunbookSource source, RunbookCompiler.CompiledRunbook compiled, Map<String, Object> paramValues) {
        Class<? extends RunbookScript> type = compiled.type();
        ScriptLocator locator = new ScriptLocator(source);
        List<RunbookScript.RunbookDeclaration> declared = new ArrayList<>();
        RunbookScript.LoadContext load = new RunbookScript.LoadContext(verbs, locator, declared, secrets, context,
                paramValues == null ? null : new io.ripcord.params.Params(paramValues));
        try {
            RunbookScript script = type.getDeclaredConstructor().newInstance();
            script.setBinding(new Binding());
            script.attach(load);
            script.run();
        } catch (RunbookException e) {
            throw e.orAt(locator.of(e));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the compiled runbook " + type.getName(), e);
        } catch (Exception | StackOverflowError e) { // Groovy throws checked exceptions undeclared
            throw new RunbookException(Problem.of(ProblemCode.LOAD_FAILED,
                    "loading the runbook failed: " + describe(e), locator.of(e))
                    .withNext(io.ripcord.plan.Deferred.isIn(String.valueOf(e.getMessage()))
                            ? "code outside steps may pass params on, not decide on them when checked without values; decide in a step"
                            : "code outside steps runs when the file is loaded; move actions into a step"), e);
        }
        if (declared.isEmpty()) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK, "no runbook defined in " + source.displayPath(), null)
                    .withNext("wrap the steps in runbook 'team/name', version: '1.0.0', { ... }"));
        }
        if (declared.size() > 1) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_RUNBOOK,
                    "a second runbook in the same file ('" + declared.get(1).name() + "')", declared.get(1).location())
                    .withNext("put each runbook in a file of its own"));
        }
        Map<String, Object> bound = !load.paramsRead() ? Map.of() : paramValues == null ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(paramValues));
        return validated(source, declared.get(0), compiled.stepRanges(), values -> evaluate(source, compiled, values), bound);
    }

    private static RunbookDefinition validated(RunbookSource source, RunbookScript.RunbookDeclaration d, Map<String, int[]> stepRanges,
                                               RunbookDefinition.Evaluation evaluation, Map<String, Object> paramValues) {
        List<Problem> problems = new ArrayList<>();
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            problems.add(Problem.of(ProblemCode.INVALID_RUNBOOK, "invalid runbook name '" + d.name() + "'", d.location())
                    .withNext("use lower-case words, digits, '-', '_', '.' and '/', like 'workload-app/deploy'"));
        }
        Object version = d.options().get("version");
        if (version == null) {
            problems.add(Problem.of(ProblemCode.INVALID_RUNBOOK, "runbook '" + d.name() + "' has no version", d.location())
                    .withNext("add version: '1.0.0'; bump it whenever the procedure changes"));
        } else if (!SemVer.isValid(version.toString())) {
            problems.add(Problem.of(ProblemCode.INVALID_RUNBOOK, "version '" + version + "' is not a semantic version", d.location())
                    .withNext("use MAJOR.MINOR.PATCH, like '1.0.0' or '2.1.0-rc.1'"));
        }
        if (d.spec().steps().isEmpty()) {
            problems.add(Problem.of(ProblemCode.INVALID_RUNBOOK, "runbook '" + d.name() + "' has no steps", d.location())
                    .withNext("add step 'name', { ... } inside the runbook block"));
        }
        if (!problems.isEmpty()) {
            throw new RunbookException(problems);
        }
        String description = d.spec().description() != null ? d.spec().description()
                : d.options().get("description") == null ? null : d.options().get("description").toString();
        List<String> lines = source.text().lines().toList();
        List<StepDefinition> steps = d.spec().steps().stream().map(step -> step.withHash(stepHash(step, stepRanges, lines, source))).toList();
        return new RunbookDefinition(source, d.name(), version.toString(), description, d.spec().params(), steps, d.spec().lock(),
                d.spec().rollbacks(), evaluation, paramValues, d.spec().onFailure());
    }

    /** The hash of a step body's lines; a step whose name is computed falls back to the whole file's hash. */
    private static String stepHash(StepDefinition step, Map<String, int[]> ranges, List<String> lines, RunbookSource source) {
        int[] range = ranges.get(step.name());
        if (range == null || range[0] < 1 || range[1] > lines.size()) {
            return source.sha256();
        }
        return RunbookSource.sha256(RunbookSource.normalize(String.join("\n", lines.subList(range[0] - 1, range[1]))));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
