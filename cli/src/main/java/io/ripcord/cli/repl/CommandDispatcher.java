package io.ripcord.cli.repl;

import io.ripcord.units.Counted;
import io.ripcord.cli.Cli;
import io.ripcord.cli.ConsoleRunListener;
import io.ripcord.cli.JournalOption;
import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.model.StepDefinition;
import io.ripcord.dsl.ScriptLocator;
import io.ripcord.params.ParamResolver;
import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.report.RunReport;
import io.ripcord.verb.VerbReference;
import io.ripcord.verb.VerbSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes one complete input: a {@code :command} of the shell, or runbook code for the {@link LineEvaluator}. Every
 * problem is printed (what, where, the nearest names, what next) and the session goes on.
 */
final class CommandDispatcher {

    /** The shell's own commands, with what they do (for :help and completion). */
    static final Map<String, String> COMMANDS = commands();

    private static Map<String, String> commands() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(":help", "[VERB]  the commands, or a verb's arguments (as `ripcord help VERB`)");
        c.put(":plan", "on|off  plan mode: verbs only describe what they would do");
        c.put(":load", "RUNBOOK [-p k=v]...  a runbook file or NAME[@VERSION]: its variables and parameters come in scope");
        c.put(":step", "NAME  run one step of the loaded runbook, with its parameters");
        c.put(":runs", "the journal's recent runs");
        c.put(":show", "RUN  one run: steps, verb calls, timings, errors");
        c.put(":save", "FILE  this session's successful commands as a new runbook (version 1.0.0)");
        c.put(":retry", "after run --repl-on-failure: run the failed step again");
        c.put(":continue", "after run --repl-on-failure: resume the run after the failed step");
        c.put(":quit", "leave (Ctrl-D too)");
        return c;
    }

    private final Session session;
    private final SessionJournal journal;
    private final LineEvaluator evaluator;
    private final Cli cli;
    private final PrintWriter out;
    private final ConsoleRunListener listener;
    private final Console console;

    CommandDispatcher(Session session, SessionJournal journal, LineEvaluator evaluator, ConsoleRunListener listener, Console console) {
        this.console = console;
        this.session = session;
        this.journal = journal;
        this.evaluator = evaluator;
        this.cli = session.cli;
        this.out = cli.out();
        this.listener = listener;
    }

    /** Handles input number {@code n}; false when the session should end. */
    boolean handle(int n, String input) {
        if (!input.startsWith(":")) {
            report(evaluator.evaluate(n, input));
            return true;
        }
        List<String> words = words(input);
        String command = words.get(0);
        List<String> args = words.subList(1, words.size());
        try {
            switch (command) {
                case ":quit", ":q", ":exit" -> {
                    return false;
                }
                case ":help" -> help(args);
                case ":plan" -> plan(args);
                case ":load" -> load(args);
                case ":step" -> step(n, input.substring(command.length()).strip());
                case ":runs" -> out.print(RunReport.list(journal.journal().runs(null, null, 20)));
                case ":show" -> show(args);
                case ":save" -> save(args);
                case ":retry" -> retry(false);
                case ":continue" -> retry(true);
                default -> throw new RunbookException(new Problem(ProblemCode.UNKNOWN_VERB, "unknown command '" + command + "'", null,
                        NearestNames.to(command, COMMANDS.keySet()), ":help lists the commands"));
            }
            if (!command.equals(":help") && !command.equals(":runs") && !command.equals(":show")) {
                journal.event("command", "#" + n + " " + input);
            }
        } catch (RunbookException e) {
            journal.event("command", "#" + n + " " + input + " — " + e.first().headline());
            report(new LineEvaluator.Outcome(e.problems(), false));
        } catch (RuntimeException e) {
            // an incident shell must outlive its own bugs: say what broke and go on (the journal keeps it too)
            Problem problem = Problem.of(ProblemCode.STEP_FAILED, "'" + command + "' failed inside Ripcord: " + e, null)
                    .withNext("the session goes on; run with --debug for the stack trace, and report it");
            try {
                journal.event("command", "#" + n + " " + input + " — " + problem.headline());
            } catch (RuntimeException journalDown) {
                // the journal itself failed: the console still says what happened
            }
            report(new LineEvaluator.Outcome(java.util.List.of(problem), false));
        }
        out.flush();
        return true;
    }

    private void report(LineEvaluator.Outcome outcome) {
        if (!outcome.ok()) {
            out.flush();
            outcome.problems().forEach(cli::printProblem);
            cli.err().flush();
            session.failed(outcome.problems().get(0), outcome.interrupted());
        }
    }

    private void help(List<String> args) {
        if (args.isEmpty()) {
            out.println("Commands:");
            COMMANDS.forEach((name, doc) -> out.printf("  %-10s %s%n", name, doc));
            out.println();
            out.println("Verbs (:help VERB; Tab completes verbs, targets, arguments, steps, parameters and run ids):");
            for (VerbSpec verb : cli.verbs().specs()) {
                out.printf("  %-12s %s%n", verb.name(), verb.summary());
            }
            return;
        }
        String topic = args.get(0);
        VerbSpec spec = cli.verbs().find(topic).map(v -> v.spec()).orElseThrow(() -> new RunbookException(new Problem(
                ProblemCode.UNKNOWN_VERB, "no verb named '" + topic + "'", null, NearestNames.to(topic, cli.verbs().names()),
                ":help lists the verbs")));
        out.print(VerbReference.text(spec));
    }

    private void plan(List<String> args) {
        String mode = args.isEmpty() ? "" : args.get(0);
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, ":plan takes on or off, not '" + mode + "'", null)
                    .withNext(":plan on (verbs only describe), :plan off (verbs act)"));
        }
        session.planning = mode.equals("on");
        out.println(session.planning ? "Plan mode: verbs only describe what they would do; nothing is touched."
                : "Plan mode off: verbs act.");
    }

    private void load(List<String> args) {
        if (args.isEmpty()) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, ":load needs a runbook file or name", null)
                    .withNext(":load FILE|NAME[@VERSION] [-p key=value]..."));
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String pair = (arg.equals("-p") || arg.equals("--param")) && i + 1 < args.size() ? args.get(++i)
                    : arg.startsWith("-p") && arg.length() > 2 ? arg.substring(2) : null;
            if (pair == null || pair.indexOf('=') <= 0) {
                throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, ":load does not understand '" + arg + "'", null)
                        .withNext(":load FILE|NAME[@VERSION] [-p key=value]..."));
            }
            given.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        RunbookDefinition unbound = cli.load(args.get(0));
        Map<String, Object> params = ParamResolver.resolve(unbound.params(), given, unbound.id());
        RunbookDefinition runbook = unbound.withParams(params); // code outside the steps reads them too
        session.loaded = new Session.Loaded(runbook, params, given);
        Map<String, Object> variables = RunbookScope.variables(runbook);
        session.variables.putAll(variables);
        out.println("Loaded " + runbook.id() + " (" + runbook.source().displayPath() + "): steps "
                + String.join(", ", session.stepNames().stream().map(s -> "'" + s + "'").toList())
                + (variables.isEmpty() ? "" : "; in scope: " + String.join(", ", variables.keySet()))
                + (params.isEmpty() ? "" : "; params: " + params));
    }

    private void step(int n, String name) {
        String wanted = unquote(name);
        if (session.loaded == null) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "no runbook loaded", null)
                    .withNext(":load RUNBOOK first, then :step NAME"));
        }
        RunbookDefinition runbook = session.loaded.runbook();
        StepDefinition step = runbook.steps().stream().filter(s -> s.name().equals(wanted)).findFirst().orElseThrow(() ->
                new RunbookException(new Problem(ProblemCode.UNKNOWN_VERB, "no step '" + wanted + "' in " + runbook.id(), null,
                        NearestNames.to(wanted, session.stepNames()), "its steps: " + String.join(", ", session.stepNames()))));
        LineEvaluator.Outcome outcome = evaluator.runStep(n, step, new ScriptLocator(runbook.source()),
                "#" + n + " :step " + wanted + " (" + runbook.id() + ")");
        if (outcome.ok() && !session.planning) {
            session.kept.add(new Session.Kept(n, ":step " + wanted, java.util.Set.of(), wanted));
        }
        report(outcome);
    }

    private void show(List<String> args) {
        if (args.isEmpty()) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, ":show needs a run id", null)
                    .withNext(":runs lists them; this session is " + journal.runId()));
        }
        out.print(new RunReport(journal.journal(), JournalOption.run(journal.journal(), args.get(0))).text());
    }

    private void save(List<String> args) {
        if (args.isEmpty()) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, ":save needs a file name", null)
                    .withNext(":save fix-database.groovy"));
        }
        RunbookDefinition saved = new RunbookSaver(session).save(args.get(0), journal.runId());
        out.println("Saved " + saved.id() + " to " + args.get(0) + ": " + Counted.of(saved.steps().size(), "step") + " from "
                + Counted.of(session.kept.size(), "command") + "; `ripcord check " + args.get(0) + "` accepts it.");
    }

    private void retry(boolean all) {
        FailedRun failed = session.failedRun;
        if (failed == null) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, (all ? ":continue" : ":retry")
                    + " needs a failed run, and this session was not opened on one", null)
                    .withNext("`ripcord run --repl-on-failure FILE` opens the REPL when a step fails; `ripcord resume RUN` resumes any run"));
        }
        if (failed.finished()) {
            throw new RunbookException(Problem.of(ProblemCode.NOT_RESUMABLE, "run " + failed.runId() + " already succeeded", null)
                    .withNext(":quit leaves the shell"));
        }
        RunOutcome outcome = session.planning ? null
                : console.interruptible(() -> all ? failed.resumeAll(listener) : failed.retry(listener));
        if (outcome == null) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_ARGUMENT, "plan mode is on: a run cannot be planned from here", null)
                    .withNext(":plan off, then :retry or :continue"));
        }
        if (outcome.state() == RunState.SUCCEEDED) {
            out.println(cli.styles().green("Run " + failed.runId() + " succeeded") + ": " + failed.runbook.id()
                    + ". :quit leaves the shell.");
        } else if (outcome.problem() != null && outcome.problem().code() == ProblemCode.PAUSED) {
            out.println("Step '" + failed.failedStep() + "' succeeded; :continue runs the rest of run " + failed.runId() + ".");
        } else {
            out.flush();
            cli.printProblem(outcome.problem());
            cli.err().println("  next: fix it here, then :retry (step '" + failed.failedStep() + "') or :continue");
            cli.err().flush();
        }
        Thread.interrupted();
    }

    /** Splits a command line into words; quotes group ('back up' is one word). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquote(String text) {
        String t = text.strip();
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
