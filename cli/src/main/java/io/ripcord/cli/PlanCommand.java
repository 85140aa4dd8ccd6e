package io.ripcord.cli;

import io.ripcord.plan.Plan;
import io.ripcord.plan.PlanJson;
import io.ripcord.plan.PlanPrinter;
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
        Plan plan = runbook.plan(cli, new JournalOption()).plan(); // the default journal's catalog
        cli.out().print(json ? PlanJson.render(plan, cli.redactor()::redactTree)
                : PlanPrinter.render(plan, cli.styles().forPlan()));
        cli.out().flush();
        return 0;
    }
}
