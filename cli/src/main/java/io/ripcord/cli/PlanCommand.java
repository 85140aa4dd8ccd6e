package io.ripcord.cli;

import io.ripcord.files.AtomicFile;
import io.ripcord.plan.Plan;
import io.ripcord.plan.PlanJson;
import io.ripcord.plan.PlanPrinter;
import io.ripcord.problem.ProblemJson;
import io.ripcord.problem.RunbookException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    @Option(names = "--out", paramLabel = "FILE", description = {"Also write the plan (JSON, with its hash) to FILE.",
            "'ripcord run RUNBOOK --plan FILE' then refuses to run unless the plan made at that moment is the same."})
    Path out;

    @Override
    public Integer call() throws IOException {
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
        String asJson = PlanJson.render(plan, cli.redactor()::redactTree);
        cli.out().print(json ? asJson : cli.redactor().redact(PlanPrinter.render(plan, cli.styles().forPlan())));
        if (out != null) {
            Path file = cli.cwd().resolve(out);
            AtomicFile.write(file, o -> {
                o.write(asJson.getBytes(StandardCharsets.UTF_8));
                return null;
            });
            (json ? cli.err() : cli.out()).println("Plan written to " + out + " (hash " + plan.hash().substring(0, 12)
                    + "); run exactly this with: ripcord run " + plan.runbook().source().displayPath() + " --plan " + out);
        }
        cli.out().flush();
        return 0;
    }
}
