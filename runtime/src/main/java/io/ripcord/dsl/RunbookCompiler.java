package io.ripcord.dsl;

import groovy.lang.GroovyClassLoader;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;
import io.ripcord.model.RunbookSource;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.problem.SourceLocation;
import io.ripcord.verb.VerbRegistry;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place runbooks are compiled: script base class, default imports and the static checks. Groovy's syntax
 * errors and the checker's findings come out as problems with file:line; a file with any of them never runs.
 */
public final class RunbookCompiler {

    private static final Pattern GROOVY_POSITION = Pattern.compile("\\s*@ line \\d+, column \\d+\\.?\\s*$");

    private final VerbRegistry verbs;
    private final CompiledClassCache cache;

    /** {@code cache} may be null: then every load compiles. */
    public RunbookCompiler(VerbRegistry verbs, CompiledClassCache cache) {
        this.verbs = verbs;
        this.cache = cache;
    }

    public RunbookCompiler(VerbRegistry verbs) {
        this(verbs, null);
    }

    /**
     * The compiled class, and the line range of each step's body (for per-step content hashes). A freshly compiled
     * runbook is only cached once it also loaded and validated ({@link #cacheIt}), so a file that fails anywhere
     * leaves nothing behind.
     */
    public record CompiledRunbook(Class<? extends RunbookScript> type, java.util.Map<String, int[]> stepRanges,
                                  Runnable cacheIt) {
    }

    public CompiledRunbook compile(RunbookSource source) {
        String key = cache == null ? null : CompiledClassCache.key(source, verbs);
        if (cache != null) {
            var hit = cache.read(key);
            if (hit.isPresent()) {
                return define(hit.get(), () -> { });
            }
        }
        CompiledClassCache.Entry compiled = compileToBytes(source);
        return define(compiled, cache == null ? () -> { } : () -> cache.write(key, compiled));
    }

    private static CompiledRunbook define(CompiledClassCache.Entry entry, Runnable cacheIt) {
        var loader = new CompiledClassCache.RunbookClassLoader(RunbookScript.class.getClassLoader(), entry.classes());
        try {
            Class<?> main = loader.loadClass(entry.mainClass());
            return new CompiledRunbook(main.asSubclass(RunbookScript.class), Map.copyOf(entry.stepRanges()), cacheIt);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a compiled runbook lost its main class " + entry.mainClass(), e);
        }
    }

    private CompiledClassCache.Entry compileToBytes(RunbookSource source) {
        ScriptLocator locator = new ScriptLocator(source);
        RunbookChecker checker = new RunbookChecker(verbs, locator);
        CompilerConfiguration config = configuration(RunbookScript.class, checker);
        try (GroovyClassLoader loader = new GroovyClassLoader(RunbookScript.class.getClassLoader(), config)) {
            CompilationUnit unit = new CompilationUnit(config, null, loader);
            unit.addSource(source.fileName(), source.text());
            unit.compile(Phases.CLASS_GENERATION);
            if (!checker.problems().isEmpty()) {
                throw new RunbookException(sorted(checker.problems()));
            }
            String main = unit.getAST().getClasses().stream().filter(ClassNode::isScript).map(ClassNode::getName)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no script class in " + source.fileName()));
            Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
            for (GroovyClass c : unit.getClasses()) {
                classes.put(c.getName(), c.getBytes());
            }
            return new CompiledClassCache.Entry(main, Map.copyOf(checker.stepRanges()), classes);
        } catch (MultipleCompilationErrorsException e) {
            throw problems(e, checker, source.text(), locator);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("closing a class loader", e);
        }
    }

    /**
     * The one compiler configuration: script base class, default imports, the given customizers (the checker), then
     * the rewrite of comparisons that keeps a plan from deciding them on a deferred value.
     */
    static CompilerConfiguration configuration(Class<? extends RunbookScript> base, CompilationCustomizer... customizers) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(base.getName());
        config.setSourceEncoding(StandardCharsets.UTF_8.name());
        config.addCompilationCustomizers(
                new ImportCustomizer().addImports("java.time.Duration", "io.ripcord.units.ByteSize", "io.ripcord.units.TimeSpan"));
        config.addCompilationCustomizers(customizers);
        config.addCompilationCustomizers(new ComparisonRewriter());
        return config;
    }

    /** Groovy's compile errors and the checker's findings as problems, sorted by line. */
    static RunbookException problems(MultipleCompilationErrorsException e, RunbookChecker checker, String text, ScriptLocator locator) {
        List<Problem> problems = new ArrayList<>(checker.problems());
        BracketBalance.Imbalance brackets = BracketBalance.problem(text);
        if (brackets != null) {
            // Groovy reports a missing bracket far from where it is missing; the bracket scan says where
            Problem parser = toProblem(e.getErrorCollector().getErrors().get(0), locator);
            problems.add(Problem.of(ProblemCode.SYNTAX_ERROR, "syntax error: " + brackets.description(), locator.line(brackets.line()))
                    .withNext("add the missing bracket (Groovy's parser said: " + parser.message().replace("syntax error: ", "")
                            + " at " + parser.location() + ")"));
        } else {
            for (Message message : e.getErrorCollector().getErrors()) {
                problems.add(toProblem(message, locator));
            }
        }
        return new RunbookException(sorted(problems));
    }

    private static Problem toProblem(Message message, ScriptLocator locator) {
        if (message instanceof SyntaxErrorMessage syntax) {
            SyntaxException cause = syntax.getCause();
            String what = GROOVY_POSITION.matcher(cause.getOriginalMessage()).replaceAll("").strip();
            SourceLocation where = new SourceLocation(locator.line(cause.getLine()).file(), cause.getLine(), cause.getStartColumn());
            return Problem.of(ProblemCode.SYNTAX_ERROR, "syntax error: " + firstLine(what), where).withNext(hint(what));
        }
        if (message instanceof ExceptionMessage ex) {
            return Problem.of(ProblemCode.SYNTAX_ERROR, "cannot compile: " + ex.getCause().getMessage(), null);
        }
        return Problem.of(ProblemCode.SYNTAX_ERROR, "cannot compile: "
                + (message instanceof SimpleMessage simple ? simple.getMessage() : message.toString()), null);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String hint(String what) {
        if (what.contains("Unexpected character: '\\''") || what.contains("Unexpected character: '\"'")
                || what.toLowerCase().contains("string")) {
            return "a string is not closed: check the quotes on this line";
        }
        if (what.contains("Unexpected input") || what.contains("Unexpected character")) {
            return "check the brackets, braces and commas on this line and the one before";
        }
        return "fix the line shown; `ripcord check FILE` re-checks without running anything";
    }

    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt(p -> p.location() == null ? 0 : p.location().line()));
        return out;
    }
}
