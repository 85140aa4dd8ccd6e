package io.ripcord.cli;

import io.ripcord.journal.Journal;
import io.ripcord.plan.PlanPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a runbook: check it, show its plan, then run its steps in order, every verb call journaled.",
                "Nothing runs unless the whole file, its parameters and every step's plan are valid.",
                "A failed, interrupted or crashed run continues with 'ripcord resume RUN'."})
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Mixin
    RunbookArgs args;

    @Mixin
    JournalOption journalOption;

    @Mixin
    ApprovalOptions approvals = new ApprovalOptions();

    @Option(names = "--no-plan", description = "Do not print the plan before running (it is still computed and checked).")
    boolean noPlan;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        // the plan pass checks every verb call's arguments before the first one acts
        RunbookArgs.Planned planned = args.plan(cli);
        if (!noPlan) {
            cli.out().println(cli.redactor().redact(PlanPrinter.render(planned.plan(), cli.styles().forPlan())));
        }
        ConsoleRunListener listener = new ConsoleRunListener(cli, approvals);
        try (Journal journal = journalOption.open(cli);
             InterruptSignal ignored = InterruptSignal.interruptOnCtrlC(Thread.currentThread())) {
            return listener.summary(planned.runbook(), cli.session(journal, listener).start(planned.runbook(), planned.params(), planned.given()));
        } finally {
            Thread.interrupted(); // a Ctrl-C that arrived after the run ended must not leak into what follows
        }
    }
}
