package io.ripcord.cli;

import io.ripcord.exec.ExecutionContext;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.plan.Plan;
import io.ripcord.plan.Planner;
import io.ripcord.verb.RunInfo;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * The runbook file and its parameter values, as {@code plan} and {@code run} take them, and the one way both turn
 * them into a checked plan: load, resolve parameters, plan (which checks every verb call's arguments).
 */
public final class RunbookArgs {

    @Parameters(paramLabel = "FILE|NAME[@VERSION]", completionCandidates = CompletionCommand.RunbookNames.class, description = "A runbook file, or a runbook's name (newest version) from 'ripcord list'.")
    String file;

    @Mixin
    ParamOptions params;

    /** A loaded runbook with its resolved parameter values and its plan. */
    record Planned(RunbookDefinition runbook, Map<String, Object> params, Map<String, String> given, Plan plan) {
    }

    /** {@code journal}: whose backup catalog tells which backup a lookup such as {@code lastBackup(db)} would take. */
    Planned plan(Cli cli, JournalOption journal) {
        RunbookDefinition loaded = cli.load(file);
        Map<String, Object> values = params.resolve(loaded, cli.cwd());
        RunbookDefinition runbook = loaded.withParams(values); // code outside the steps reads them too
        try (PlanCatalog catalog = new PlanCatalog(cli, journal)) {
            var setting = new ExecutionContext.Setting(cli.cwd(), cli.env(), catalog, RunInfo.NONE);
            return new Planned(runbook, values, params.given(cli.cwd()), new Planner(cli.verbs(), setting).plan(runbook, values));
        }
    }
}
