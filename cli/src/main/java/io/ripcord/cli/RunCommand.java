package io.ripcord.cli;

import io.ripcord.exec.RunOutcome;
import io.ripcord.exec.RunState;
import io.ripcord.exec.Runner;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.plan.PlanPrinter;
import io.ripcord.units.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a runbook: check it, show its plan, then run its steps in order.",
                "Nothing runs unless the whole file, its parameters and every step's plan are valid."})
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Mixin
    RunbookArgs args;

    @Option(names = "--no-plan", description = "Do not print the plan before running (it is still computed and checked).")
    boolean noPlan;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        // the plan pass checks every verb call's arguments before the first one acts
        RunbookArgs.Planned planned = args.plan(cli);
        RunbookDefinition runbook = planned.runbook();
        if (!noPlan) {
            cli.out().println(PlanPrinter.render(planned.plan(), cli.styles().forPlan()));
        }
        RunOutcome outcome = new Runner(cli.verbs(), cli.cwd(), cli.env(), new ConsoleRunListener(cli.out(), cli.styles()))
                .run(runbook, planned.params());
        Styles s = cli.styles();
        if (outcome.state() == RunState.SUCCEEDED) {
            cli.out().println(s.green("Run succeeded: ") + runbook.id() + ", " + outcome.stepsCompleted() + " steps in "
                    + Durations.format(outcome.elapsed()));
        } else {
            cli.out().flush();
            cli.printProblem(outcome.problem());
            cli.err().println(s.red("Run " + outcome.state().name().toLowerCase() + ": ") + runbook.id() + " after "
                    + outcome.stepsCompleted() + " of " + runbook.steps().size() + " steps (exit " + outcome.state().exitCode.code + ")");
        }
        cli.out().flush();
        cli.err().flush();
        return outcome.state().exitCode.code;
    }
}
