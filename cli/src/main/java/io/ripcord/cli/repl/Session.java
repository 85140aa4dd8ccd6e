package io.ripcord.cli.repl;

import io.ripcord.cli.Cli;
import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.params.ParamSpec;
import io.ripcord.params.Params;
import io.ripcord.problem.ExitCode;
import io.ripcord.problem.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What one REPL session knows: its variables, the runbook loaded with {@code :load} and its parameters, plan mode,
 * the commands that succeeded (for {@code :save}), the failed run it was opened on, and how it went (for the exit
 * code). Completion reads the same state, so it offers what the session can use.
 */
final class Session {

    /** A runbook loaded with {@code :load}: its steps can be run one by one with its parameters. */
    record Loaded(RunbookDefinition runbook, Map<String, Object> params, Map<String, String> given) {
    }

    /** A command that succeeded, as typed (redacted); {@code step} is set for {@code :step} of a loaded runbook. */
    record Kept(int number, String code, Set<String> declared, String step) {
    }

    final Cli cli;
    private final CompletableFuture<Journal> journal;
    final Map<String, Object> variables = new LinkedHashMap<>();
    final List<Kept> kept = new ArrayList<>();
    Loaded loaded;
    boolean planning;
    FailedRun failedRun;
    private ExitCode firstFailure;
    private int failures;

    Session(Cli cli, Journal journal) {
        this.cli = cli;
        this.journal = CompletableFuture.completedFuture(journal);
    }

    /**
     * Opens the journal (and finds the verbs) on another thread while the terminal comes up, so the prompt does not
     * wait for SQLite; the first command waits for it instead.
     */
    Session(Cli cli, Supplier<Journal> opener) {
        this.cli = cli;
        this.journal = CompletableFuture.supplyAsync(() -> {
            cli.verbs();
            return opener.get();
        });
    }

    Journal journal() {
        try {
            return journal.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The parameters lines read as {@code params.X}: the loaded runbook's, or the failed run's. */
    Params params() {
        return new Params(loaded == null ? Map.of() : loaded.params());
    }

    Set<String> paramNames() {
        Set<String> names = new LinkedHashSet<>();
        if (loaded != null) {
            loaded.runbook().params().stream().map(ParamSpec::name).forEach(names::add);
        }
        return names;
    }

    List<String> stepNames() {
        return loaded == null ? List.of() : loaded.runbook().steps().stream().map(s -> s.name()).toList();
    }

    List<String> recentRunIds() {
        return journal().runs(null, null, 50).stream().map(RunRecord::id).toList();
    }

    void failed(Problem problem, boolean interrupted) {
        failures++;
        if (firstFailure == null) {
            // the one mapping: Ctrl-C during a verb has already made the problem INTERRUPTED
            firstFailure = interrupted && problem.code().exitCode != ExitCode.INTERRUPTED ? ExitCode.INTERRUPTED : problem.code().exitCode;
        }
    }

    int failures() {
        return failures;
    }

    /** 0 when every command succeeded, else the exit code of the first failure's problem code (1 a verb, 2 bad input, 130 Ctrl-C). */
    int exitCode() {
        return firstFailure == null ? ExitCode.OK.code : firstFailure.code;
    }
}
