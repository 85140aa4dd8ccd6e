package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.journal.RunRecord;
import io.ripcord.model.RunbookDefinition;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A completion script made by picocli's AutoComplete from the same command model that parses the arguments, so it
 * knows every command and option as they are. picocli's script is static; runbook names and run ids change, so their
 * parameters carry a marker word that the script turns into a call back to {@code ripcord completion --candidates}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script (bash or zsh): commands, options, runbook names and run ids. "
                + "Load it with: source <(ripcord completion bash).")
public final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    enum Candidates { runs, runbooks }

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash",
            description = "bash or zsh (default ${DEFAULT-VALUE}; the same script: in zsh it loads bashcompinit).")
    Shell shell;

    @Option(names = "--candidates", hidden = true, description = "What the script calls back: run ids or runbook names, one a line.")
    Candidates candidates;

    @Mixin
    JournalOption journalOption;

    /** A run id parameter: completed from the journal when TAB is pressed. */
    public static final class RunIds implements Iterable<String> {
        static final String MARKER = "@ripcord-runs@";

        @Override
        public Iterator<String> iterator() {
            return List.of(MARKER).iterator();
        }
    }

    /** A runbook parameter: completed with the library's names and the files here. */
    public static final class RunbookNames implements Iterable<String> {
        static final String MARKER = "@ripcord-runbooks@";

        @Override
        public Iterator<String> iterator() {
            return List.of(MARKER).iterator();
        }
    }

    @Override
    public Integer call() {
        Cli cli = root.cli;
        if (candidates != null) {
            candidates(cli).forEach(cli.out()::println);
        } else {
            String script = AutoComplete.bash("ripcord", cli.commandLine(new String[0]))
                    .replace("(\"" + RunIds.MARKER + "\")", "($(ripcord completion --candidates runs 2>/dev/null))")
                    .replace("(\"" + RunbookNames.MARKER + "\")",
                            "($(ripcord completion --candidates runbooks 2>/dev/null) $(compgen -f -- \"${COMP_WORDS[COMP_CWORD]}\"))");
            if (shell == Shell.zsh) {
                // picocli's script enables bashcompinit itself in zsh. Found on fpath, compinit loads this file as the
                // function _ripcord at the first TAB: that load registers the completion, and the last line answers
                // the TAB that loaded it
                script = "#compdef ripcord\n" + script + "(( $+compstate )) && _bash_complete -F _complete_ripcord\n";
            }
            cli.out().print(script);
        }
        cli.out().flush();
        return 0;
    }

    private List<String> candidates(Cli cli) {
        if (candidates == Candidates.runbooks) {
            return cli.library().runbooks().stream().map(RunbookDefinition::name).distinct().toList();
        }
        Optional<Journal> journal = journalOption.openExisting(cli);
        try {
            return journal.map(j -> java.util.stream.Stream.concat(java.util.stream.Stream.of("last"),
                    j.runs(null, null, 50).stream().map(RunRecord::id)).toList()).orElse(List.of("last"));
        } finally {
            journal.ifPresent(Journal::close);
        }
    }
}
