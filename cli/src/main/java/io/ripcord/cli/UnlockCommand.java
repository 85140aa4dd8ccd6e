package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.journal.LockHolder;
import io.ripcord.journal.Operator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Break a runbook lock, whoever holds it (break glass). The holder and who broke it are journaled.",
                "Only for a holder that is gone for good: a dead holder's lease also expires by itself."})
public final class UnlockCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "NAME", description = "The lock's name, as in the runbook's lock 'NAME'.")
    String name;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Optional<Journal> journal = journalOption.openExisting(cli);
        Optional<LockHolder> broken = Optional.empty();
        if (journal.isPresent()) {
            try (Journal j = journal.get()) {
                broken = j.breakLock(name, Operator.current());
            }
        }
        cli.out().println(broken.map(h -> "Broke lock '" + name + "' held by run " + h.runId() + " of " + h.operator() + " since " + h.since() + ".")
                .orElse("Lock '" + name + "' is not held; nothing to do."));
        cli.out().flush();
        return 0;
    }
}
