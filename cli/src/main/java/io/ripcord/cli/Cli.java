package io.ripcord.cli;

import io.ripcord.dsl.CompiledClassCache;
import io.ripcord.dsl.RunbookLoader;
import io.ripcord.exec.RunListener;
import io.ripcord.journal.Journal;
import io.ripcord.library.RunbookLibrary;
import io.ripcord.journal.Operator;
import io.ripcord.session.RunSession;
import io.ripcord.secret.RedactingWriter;
import io.ripcord.secret.Redactor;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.RunbookSource;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.Problem;
import io.ripcord.problem.RunbookException;
import io.ripcord.verb.VerbRegistry;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One invocation's wiring: the writers, environment, working directory and styles, the picocli command tree, and
 * the single place exceptions become printed problems and exit codes.
 */
public final class Cli {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Path cwd;
    private final Styles styles;
    private final boolean debug;
    private VerbRegistry verbs;
    private final Redactor redactor = new Redactor();

    private final boolean terminal;

    public Cli(PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd, Styles styles, boolean debug) {
        this(out, err, env, cwd, styles, debug, false);
    }

    /** {@code terminal}: stdout is a terminal, where long work draws a live progress bar. */
    public Cli(PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd, Styles styles, boolean debug, boolean terminal) {
        this.terminal = terminal;
        // the console's redaction boundary: every line printed through these is masked, whoever prints it
        this.out = new PrintWriter(new RedactingWriter(out, redactor), true);
        this.err = new PrintWriter(new RedactingWriter(err, redactor), true);
        this.env = env;
        this.cwd = cwd;
        this.styles = styles;
        this.debug = debug;
    }

    /** The subcommands, in the order usage lists them. */
    private static final Map<String, java.util.function.Supplier<Object>> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("plan", PlanCommand::new);
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("resume", ResumeCommand::new);
        COMMANDS.put("list", ListCommand::new);
        COMMANDS.put("runs", RunsCommand::new);
        COMMANDS.put("backups", BackupsCommand::new);
        COMMANDS.put("show", ShowCommand::new);
        COMMANDS.put("schedule", ScheduleCommand::new);
        COMMANDS.put("unlock", UnlockCommand::new);
        COMMANDS.put("repl", ReplCommand::new);
        COMMANDS.put("completion", CompletionCommand::new);
        COMMANDS.put("help", HelpCommand::new);
    }

    /**
     * The command line for these arguments. picocli reflects over every command it is given, which was a third of a
     * plan's start-up, so only the subcommand being run is added; usage, help and unknown words get all of them.
     */
    CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new RipcordCommand(this));
        String invoked = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        if (invoked != null && COMMANDS.containsKey(invoked) && !"help".equals(invoked)) {
            cl.addSubcommand(invoked, COMMANDS.get(invoked).get());
        } else {
            COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        List<String> footer = new ArrayList<>(List.of(""));
        footer.addAll(ExitCode.summary(80));
        footer.add("Every error prints its code: error[CODE].");
        footer.add("Run 'ripcord help VERB' for a verb's arguments.");
        cl.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        cl.setCaseInsensitiveEnumValuesAllowed(true); // `--state failed` as well as FAILED
        cl.setOut(out);
        cl.setErr(err);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(styles.on() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e));
        cl.setParameterExceptionHandler((e, given) -> {
            String command = e.getCommandLine().getCommandName();
            printProblem(Problem.of(ProblemCode.INVALID_COMMAND_LINE, e.getMessage(), null)
                    .withNext("`ripcord " + ("ripcord".equals(command) ? "" : command + " ") + "--help` lists what it takes"));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err); // "Did you mean: plan?" for a misspelt command
            err.flush();
            return ProblemCode.INVALID_COMMAND_LINE.exitCode.code;
        });
        return cl;
    }

    public PrintWriter out() { return out; }
    public boolean terminal() { return terminal; }
    public PrintWriter err() { return err; }
    public Map<String, String> env() { return env; }
    public Path cwd() { return cwd; }
    public Styles styles() { return styles; }

    /** Found once per invocation, and only by commands that need verbs. */
    public synchronized VerbRegistry verbs() {
        if (verbs == null) {
            verbs = VerbRegistry.fromClassPath(Cli.class.getClassLoader());
        }
        return verbs;
    }

    /**
     * Loads a runbook given as the user typed it: a file path (as is), or NAME / NAME@VERSION from the library on
     * the search path (runbooks/, then RIPCORD_PATH).
     */
    public RunbookDefinition load(String fileOrName) {
        if (Files.exists(cwd.resolve(fileOrName)) || fileOrName.endsWith(".groovy")) {
            return loader().load(RunbookSource.read(cwd.resolve(fileOrName), fileOrName));
        }
        return library().resolve(fileOrName);
    }

    /**
     * The same runbook evaluated once more from the same text (not read again from disk): plan and run are separate
     * evaluations, so a variable the plan pass set inside a step is unset again when the run starts.
     */
    public RunbookDefinition evaluateAgain(RunbookDefinition evaluated, Map<String, Object> values) {
        RunbookDefinition again = evaluated.evaluatedAgain(values);
        return again != evaluated ? again : loader().load(evaluated.source()).withParams(values);
    }

    public RunbookLoader loader() {
        boolean cacheOff = "off".equalsIgnoreCase(env.getOrDefault("RIPCORD_CACHE", ""));
        return new RunbookLoader(verbs(), cwd, env, redactor,
                cacheOff ? null : new CompiledClassCache(ripcordHome().resolve("cache").resolve("runbooks")));
    }

    /** $RIPCORD_HOME, else ~/.ripcord: the journal and the compiled-runbook cache live there. */
    public Path ripcordHome() {
        String home = env.get("RIPCORD_HOME");
        if (home != null && !home.isBlank()) {
            return cwd.resolve(home);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".ripcord");
    }

    public RunbookLibrary library() {
        return RunbookLibrary.scan(RunbookLibrary.searchPath(cwd, env), loader(), cwd);
    }

    /** Every secret resolved in this invocation; everything printed or journaled passes through it. */
    public Redactor redactor() {
        return redactor;
    }

    /** A checkpointed run session on this journal, printing progress to the console. */
    public RunSession session(Journal journal, RunListener listener) {
        return new RunSession(new RunSession.Setup(journal, verbs(), cwd, env, listener, redactor, Operator.current(),
                lease()));
    }

    /**
     * How long a run's and a lock's lease lasts unless renewed (every third of it): RIPCORD_LEASE_TTL ({@code 30s},
     * {@code 2m}), default 30 s. A shorter lease hands a dead owner's run over sooner, and stops a paused one sooner.
     */
    public java.time.Duration lease() {
        String ttl = env.get("RIPCORD_LEASE_TTL");
        if (ttl == null || ttl.isBlank()) {
            return RunSession.DEFAULT_LEASE;
        }
        return io.ripcord.units.Durations.parse(ttl.strip()).filter(d -> d.toMillis() >= 300).orElseThrow(() -> new RunbookException(
                Problem.of(ProblemCode.INVALID_ARGUMENT, "RIPCORD_LEASE_TTL=" + ttl + " is not a duration of at least 300ms", null)
                        .withNext("give it as 30s, 2m or 500ms, or unset it for the default of 30s")));
    }

    public void printProblems(RunbookException e) {
        for (Problem problem : e.problems()) {
            printProblem(problem);
        }
        if (debug) {
            e.printStackTrace(err);
        }
    }

    /** {@code error[CODE]: what at where}, then what to do next: the code is what a user quotes and a script matches. */
    public void printProblem(Problem problem) {
        err.println(styles.red("error[" + problem.code() + "]: ") + redactor.redact(problem.headline()));
        if (problem.next() != null) {
            err.println("  " + styles.dim("next: ") + problem.next());
        }
    }

    private int handle(Exception e) {
        if (e instanceof RunbookException problems) {
            printProblems(problems);
            err.flush();
            return problems.exitCode().code;
        }
        Problem bug = internalError(e);
        printProblem(bug);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return bug.code().exitCode.code;
    }

    /** What escaped every command's own handling: a bug, said as one (exit 70, not a step failure). */
    Problem internalError(Throwable e) {
        return Problem.of(ProblemCode.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), null)
                .withNext("this is a bug in Ripcord; " + (debug ? "please report the stack trace below" : "run again with --debug and report the stack trace"));
    }
}
