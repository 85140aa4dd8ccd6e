package io.ripcord.cli.repl;

import io.ripcord.cli.Cli;
import io.ripcord.cli.ConsoleRunListener;
import io.ripcord.problem.ExitCode;
import io.ripcord.journal.Journal;
import io.ripcord.journal.Operator;
import io.ripcord.model.RunbookDefinition;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The read–evaluate loop of {@code ripcord repl}: reads commands from a {@link Console}, hands each to the
 * dispatcher, journals the session as an interactive run and ends with its exit code: 0 when every command
 * succeeded, else the first failure's (1 a verb failed, 2 bad input, 130 Ctrl-C stopped a verb).
 */
public final class Repl {

    private final Session session;
    private final Console console;
    private SessionJournal journal;
    private CommandDispatcher dispatcher;
    private int inputs;

    Repl(Session session, Console console) {
        this.session = session;
        this.console = console;
    }

    /** The interactive run and what evaluates commands: made on the first command, once the journal is open. */
    private CommandDispatcher dispatcher() {
        if (dispatcher == null) {
            Cli cli = session.cli;
            journal = SessionJournal.start(session.journal(), cli.redactor(), Operator.current());
            ConsoleRunListener listener = new ConsoleRunListener(cli);
            LineEvaluator evaluator = new LineEvaluator(session, journal, console, listener);
            dispatcher = new CommandDispatcher(session, journal, evaluator, listener, console);
        }
        return dispatcher;
    }

    /** This session's run id (the interactive run is created on first use). */
    String runId() {
        dispatcher();
        return journal.runId();
    }

    /**
     * {@code ripcord repl}: on the terminal when there is one (JLine loads only then), else plain lines from stdin.
     * {@code preload} (may be null) is loaded first, as {@code :load} would.
     */
    public static int start(Cli cli, Supplier<Journal> journal, InputStream stdin, boolean terminal, String preload, List<String> params) {
        Repl repl = open(cli, journal, stdin, terminal);
        if (preload != null) {
            StringBuilder load = new StringBuilder(":load '" + preload + "'");
            params.forEach(p -> load.append(" -p '").append(p).append('\''));
            repl.dispatch(load.toString());
        }
        return repl.loop();
    }

    /**
     * {@code ripcord run --repl-on-failure}: the shell opened on a failed run, with its runbook's variables, its
     * parameters and its backups ({@code artifacts}) in scope; {@code :retry} and {@code :continue} go on with it.
     * Exits with the run's final state: 0 once it succeeded, else its failure's code.
     */
    public static int onFailure(Cli cli, Journal journal, InputStream stdin, boolean terminal, String runId,
                                RunbookDefinition runbook, Map<String, Object> params, Map<String, String> given, String failedStep,
                                ExitCode failure) {
        Repl repl = open(cli, () -> journal, stdin, terminal);
        FailedRun failed = new FailedRun(cli, journal, runId, runbook, params, failedStep, failure);
        repl.session.failedRun = failed;
        repl.session.loaded = new Session.Loaded(runbook, params, given);
        repl.session.variables.putAll(RunbookScope.variables(runbook));
        repl.session.variables.put("artifacts", failed.artifacts());
        repl.dispatcher();
        repl.journal.event("failed-run", "opened on step '" + failedStep + "' of run " + runId);
        journal.event(runId, "repl", "interactive session " + repl.journal.runId() + " opened on this failure", Operator.current());
        cli.out().println("Step '" + failedStep + "' of run " + runId + " failed. In scope: "
                + String.join(", ", repl.session.variables.keySet()) + ", params. Fix it here, then :retry (that step)"
                + " or :continue (the rest); :quit leaves the run resumable.");
        repl.loop();
        if (failed.standing() != null) {
            // the last word on leaving: how the run stands (paused after a :retry, failed again), with its code
            cli.out().flush();
            cli.printProblem(failed.standing());
            cli.err().flush();
        }
        return failed.exitCode().code;
    }

    /** JLine's classes load only here, for a terminal: piped input never needs them. */
    private static Repl open(Cli cli, Supplier<Journal> journal, InputStream stdin, boolean terminal) {
        Session session = new Session(cli, journal);
        Console console = terminal ? TerminalConsole.system(session, historyFile(cli)) : new PlainConsole(stdin);
        return new Repl(session, console);
    }

    /** $RIPCORD_HOME/repl_history: commands as typed, secrets masked. */
    static java.nio.file.Path historyFile(Cli cli) {
        return cli.ripcordHome().resolve("repl_history");
    }

    /** Reads and runs commands until :quit or the end of input; returns the session's exit code. */
    int loop() {
        try (console) {
            if (console.interactive()) {
                session.cli.out().println(session.cli.styles().bold("Ripcord REPL") + " — every command is journaled as an"
                        + " interactive run. :help for commands; Tab completes; Ctrl-C stops a verb; Ctrl-D leaves.");
                session.cli.out().flush();
            }
            while (true) {
                String input = console.read(prompt());
                if (input == null) {
                    break;
                }
                if (input.isBlank()) {
                    continue;
                }
                if (!dispatch(input)) {
                    break;
                }
            }
        }
        String id = runId();
        journal.finish(inputs, session.failures());
        session.cli.out().flush();
        session.cli.err().println(session.cli.styles().dim("Session " + id + ": " + inputs + " commands, "
                + session.failures() + " failed; `ripcord show " + id + "` shows it."));
        session.cli.err().flush();
        return session.exitCode();
    }

    private boolean dispatch(String input) {
        inputs++;
        return dispatcher().handle(inputs, input.strip());
    }

    private String prompt() {
        String mode = session.planning ? " (plan)" : "";
        String failed = session.failedRun != null && !session.failedRun.finished() ? " [run " + session.failedRun.runId() + "]" : "";
        return "ripcord" + mode + failed + "> ";
    }
}
