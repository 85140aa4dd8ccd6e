package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.journal.LockHolder;
import io.ripcord.journal.Operator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Break a runbook lock, whoever holds it (break glass). The holder, who broke it and why are journaled.",
                "Only for a holder that is gone for good: a dead holder's lease also expires by itself. A live holder stops before its next change."})
public final class UnlockCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "NAME", description = "The lock's name, as in the runbook's lock 'NAME'.")
    String name;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the lock is broken; journaled with who broke it.")
    String reason;

    @Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Optional<Journal> journal = journalOption.openExisting(cli);
        Optional<LockHolder> broken = Optional.empty();
        if (journal.isPresent()) {
            try (Journal j = journal.get()) {
                maskSecretsOf(j.lockNames(), cli);
                broken = j.breakLock(name, Operator.current(), reason);
            }
        }
        cli.out().println(broken.map(h -> "Broke lock '" + name + "' held by " + h.describe() + ".")
                .orElse("Lock '" + name + "' is not held; nothing to do."));
        cli.out().flush();
        return 0;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([^}\\s]+)}");

    /**
     * A lock named with a secret is stored under its placeholder; the operator may type the value itself. The secrets
     * the held names refer to are taken from this environment (as {@code secret('NAME')} would), so the name typed is
     * masked like the stored one: the lookup finds it, and neither the console nor the journal shows the value.
     */
    private static void maskSecretsOf(List<String> lockNames, Cli cli) {
        for (String held : lockNames) {
            Matcher m = PLACEHOLDER.matcher(held);
            while (m.find()) {
                String value = cli.env().get(m.group(1));
                if (value != null && value.length() >= 4) {
                    cli.redactor().register(m.group(1), value);
                }
            }
        }
    }
}
