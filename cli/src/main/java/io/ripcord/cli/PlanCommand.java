package io.ripcord.cli;

import io.ripcord.model.RunbookDefinition;
import io.ripcord.plan.Plan;
import io.ripcord.plan.PlanJson;
import io.ripcord.plan.PlanPrinter;
import io.ripcord.plan.Planner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show exactly what a runbook would do, step by step, touching nothing.")
public final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "FILE", description = "The runbook file.")
    String file;

    @Mixin
    ParamOptions params;

    @Option(names = "--json", description = "Print the plan as JSON (stable key order) for tools.")
    boolean json;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        RunbookDefinition runbook = cli.load(file);
        Map<String, Object> values = params.resolve(runbook, cli.cwd());
        Plan plan = new Planner(cli.verbs(), cli.cwd(), cli.env()).plan(runbook, values);
        cli.out().print(json ? PlanJson.render(plan) : PlanPrinter.render(plan, cli.styles().forPlan()));
        cli.out().flush();
        return 0;
    }
}
