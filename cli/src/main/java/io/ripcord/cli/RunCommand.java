package io.ripcord.cli;

import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
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

    @Option(names = "--repl-on-failure", description = {"When a step fails, open the REPL with the run's variables, parameters",
            "and backups in scope: fix, then :retry the step or :continue the run."})
    boolean replOnFailure;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        // the plan pass checks every verb call's arguments before the first one acts
        RunbookArgs.Planned planned = args.plan(cli, journalOption);
        if (!noPlan) {
            cli.out().println(PlanPrinter.render(planned.plan(), cli.styles().forPlan()));
        }
        ConsoleRunListener listener = new ConsoleRunListener(cli, approvals);
        try (Journal journal = journalOption.open(cli);
             InterruptSignal ignored = InterruptSignal.interruptOnCtrlC(Thread.currentThread())) {
            RunOutcome outcome = cli.session(journal, listener).start(planned.runbook(), planned.params(), planned.given());
            int code = listener.summary(planned.runbook(), outcome);
            if (replOnFailure && outcome.state() == RunState.FAILED && listener.runId() != null
                    && outcome.stepsCompleted() < planned.runbook().steps().size()) {
                Thread.interrupted();
                // the run's lock stays taken while the operator works on it: nobody starts the same runbook meanwhile
                try (var held = cli.session(journal, listener).hold(planned.runbook(), listener.runId())) {
                    return io.ripcord.cli.repl.Repl.onFailure(cli, journal, System.in, System.console() != null, listener.runId(),
                            planned.runbook(), planned.params(), planned.given(), planned.runbook().steps().get(outcome.stepsCompleted()).name());
                }
            }
            return code;
        } finally {
            Thread.interrupted(); // a Ctrl-C that arrived after the run ended must not leak into what follows
        }
    }
}
