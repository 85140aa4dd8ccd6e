package io.ripcord.cli;

import io.ripcord.plan.Plan;
import io.ripcord.plan.PlanJson;
import io.ripcord.plan.PlanPrinter;
import io.ripcord.problem.ProblemJson;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show exactly what a runbook would do, step by step, touching nothing.")
public final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Mixin
    RunbookArgs runbook;

    @Option(names = "--json", description = "Print the plan as JSON (stable key order) for tools.")
    boolean json;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Plan plan;
        try {
            plan = runbook.plan(cli, new JournalOption()).plan(); // the default journal's catalog
        } catch (RunbookException e) {
            if (json) { // a tool reading the JSON gets the problems and their codes there, not only on stderr
                cli.out().print(ProblemJson.render(e.problems(), cli.redactor()::redactTree));
                cli.out().flush();
            }
            throw e;
        }
        cli.out().print(json ? PlanJson.render(plan, cli.redactor()::redactTree)
                : cli.redactor().redact(PlanPrinter.render(plan, cli.styles().forPlan())));
        cli.out().flush();
        return 0;
    }
}
