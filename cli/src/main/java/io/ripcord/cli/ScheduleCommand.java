package io.ripcord.cli;

import io.ripcord.cli.schedule.CronLine;
import io.ripcord.cli.schedule.Schedule;
import io.ripcord.cli.schedule.SystemdUnits;
import io.ripcord.files.AtomicFile;
import io.ripcord.model.RunbookDefinition;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.RunbookException;
import io.ripcord.report.TextTable;
import io.ripcord.units.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Run a runbook every day: write a systemd service and timer (or, with --cron, print a crontab line).",
                "The run is 'ripcord run --quiet', kept from suspend and shutdown by systemd-inhibit; a missed run happens at boot.",
                "--list shows the schedules written, --remove NAME deletes one."})
public final class ScheduleCommand implements Callable<Integer> {

    @ParentCommand
    RipcordCommand root;

    @Parameters(paramLabel = "FILE|NAME", arity = "0..1", completionCandidates = CompletionCommand.RunbookNames.class, description = "The runbook: a file, or a name from 'ripcord list'.")
    String runbook;

    @Mixin
    ParamOptions params;

    @Option(names = "--daily", paramLabel = "HH:MM", description = "Every day at this local time.")
    String daily;

    @Option(names = "--randomized-delay", paramLabel = "DURATION", description = "Start up to this much later, at random (1h, 30m): machines do not all start at once.")
    String randomizedDelay;

    @Option(names = "--env-file", paramLabel = "FILE", description = {"Secrets for the run as KEY=value lines: the unit names the file,",
            "never its content (keep it mode 600)."})
    Path envFile;

    @Option(names = "--cron", description = "Print a crontab line instead of writing systemd units.")
    boolean cron;

    @Option(names = "--system", description = "Write system units to /etc/systemd/system (as root) instead of ~/.config/systemd/user.")
    boolean system;

    @Option(names = "--list", description = "List the schedules Ripcord wrote.")
    boolean list;

    @Option(names = "--remove", paramLabel = "NAME", description = "Delete the service and timer of this schedule (a unit name or a runbook name).")
    String remove;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        Path units = unitDirectory(cli);
        if (list) {
            return list(cli, units);
        }
        if (remove != null) {
            return remove(cli, units);
        }
        if (runbook == null || daily == null) {
            throw usage("schedule needs a runbook and --daily HH:MM", "ripcord schedule RUNBOOK --daily 02:00 [-p key=value]");
        }
        Schedule schedule = schedule(cli);
        if (cron) {
            cli.out().println(secretFree(cli, CronLine.of(schedule), "the crontab line"));
            cli.out().flush();
            return 0;
        }
        String service = secretFree(cli, SystemdUnits.service(schedule), "the service unit");
        String timer = secretFree(cli, SystemdUnits.timer(schedule), "the timer unit");
        Files.createDirectories(units);
        write(units.resolve(schedule.unitName() + ".service"), service);
        write(units.resolve(schedule.unitName() + ".timer"), timer);
        String ctl = system ? "systemctl" : "systemctl --user";
        cli.out().println("Wrote " + units.resolve(schedule.unitName() + ".service") + " and " + schedule.unitName() + ".timer: "
                + schedule.runbook() + " daily at " + schedule.daily()
                + (schedule.randomizedDelay() == null ? "" : ", up to " + Durations.format(schedule.randomizedDelay()) + " later"));
        cli.out().println("next: " + ctl + " daemon-reload && " + ctl + " enable --now " + schedule.unitName() + ".timer"
                + (system ? "" : "  (and `loginctl enable-linger` so it runs while you are logged out)"));
        cli.out().flush();
        return 0;
    }

    private Schedule schedule(Cli cli) {
        RunbookDefinition loaded = cli.load(runbook); // a runbook that does not check is not scheduled
        Map<String, Object> values = params.resolve(loaded, cli.cwd()); // nor one whose parameters would be refused at 02:00
        try {
            // evaluated as the run will be: the secrets it reads outside its steps (check reads none) are resolved here
            // when this environment has them, so a -p value that is one of them is caught by secretFree below
            loaded.withParams(values);
        } catch (RunbookException e) {
            if (e.problems().stream().anyMatch(p -> p.code() != ProblemCode.MISSING_SECRET)) {
                throw e;
            } // a secret the schedule's --env-file gives at 02:00: not needed to write the units
        }
        LocalTime at;
        try {
            at = LocalTime.parse(daily.length() == 4 ? "0" + daily : daily);
        } catch (DateTimeParseException e) {
            throw usage("--daily expects a time of day like 02:00, got '" + daily + "'", "give the hour and minute, 24-hour: --daily 02:30");
        }
        Duration delay = null;
        if (randomizedDelay != null) {
            delay = Durations.parse(randomizedDelay).orElseThrow(() -> usage("--randomized-delay expects a duration like 1h or 30m, got '"
                    + randomizedDelay + "'", "--randomized-delay 1h"));
        }
        Path file = cli.cwd().resolve(runbook);
        String what = Files.isRegularFile(file) ? file.toAbsolutePath().normalize().toString() : runbook;
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : Schedule.CARRIED) {
            if (cli.env().get(name) != null) {
                environment.put(name, cli.env().get(name));
            }
        }
        Path env = envFile == null ? null : cli.cwd().resolve(envFile).toAbsolutePath().normalize();
        if (env != null && !Files.isRegularFile(env)) {
            throw usage("--env-file " + envFile + " is not a file", "write the secrets as KEY=value lines to a file of mode 600");
        }
        return new Schedule(Schedule.unitNameFor(loaded.name()), what, params.given(cli.cwd()), at, delay,
                cli.cwd().toAbsolutePath(), launcher(cli), environment, env);
    }

    /** The launcher that is running now (bin/ripcord or the installed one say which): what the timer runs. */
    private static Path launcher(Cli cli) {
        String launcher = cli.env().get("RIPCORD_LAUNCHER");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            throw usage("cannot tell which ripcord to schedule: RIPCORD_LAUNCHER is not set to an executable",
                    "run schedule through the ripcord launcher (bin/ripcord, or the installed /usr/bin/ripcord), which sets it");
        }
        return Path.of(launcher).toAbsolutePath();
    }

    /** A unit or crontab is readable by others: a secret this process resolved must not have found its way in (a -p value). */
    private static String secretFree(Cli cli, String text, String what) {
        if (!cli.redactor().redact(text).equals(text)) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_COMMAND_LINE, what + " would hold a secret's value", null)
                    .withNext("pass secrets with secret('NAME') and --env-file FILE, never as -p values"));
        }
        return text;
    }

    private Path unitDirectory(Cli cli) {
        if (system) {
            return Path.of("/etc/systemd/system");
        }
        String config = cli.env().get("XDG_CONFIG_HOME");
        String home = cli.env().getOrDefault("HOME", System.getProperty("user.home"));
        return (config != null && !config.isBlank() ? Path.of(config) : Path.of(home, ".config")).resolve("systemd/user");
    }

    private int list(Cli cli, Path units) throws IOException {
        List<Path> timers = timers(units);
        if (timers.isEmpty()) {
            cli.out().println("No schedules in " + units + ".");
        } else {
            TextTable table = new TextTable("NAME", "RUNBOOK", "WHEN", "UNITS");
            for (Path timer : timers) {
                String mark = Files.readAllLines(timer, StandardCharsets.UTF_8).get(0).substring(SystemdUnits.MARK_LENGTH);
                int daily = mark.lastIndexOf(" daily ");
                String name = timer.getFileName().toString().replaceAll("\\.timer$", "");
                table.row(name, mark.substring(0, daily), "daily " + mark.substring(daily + 7), units.toString());
            }
            cli.out().print(table.render());
        }
        cli.out().flush();
        return 0;
    }

    private int remove(Cli cli, Path units) throws IOException {
        String name = remove.startsWith(Schedule.PREFIX) ? remove.replaceAll("\\.(timer|service)$", "") : Schedule.unitNameFor(remove);
        Path timer = units.resolve(name + ".timer");
        Path service = units.resolve(name + ".service");
        if (!timers(units).contains(timer)) {
            throw new RunbookException(Problem.of(ProblemCode.INVALID_COMMAND_LINE, "no schedule named '" + remove + "' in " + units, null)
                    .withNext("`ripcord schedule --list" + (system ? " --system" : "") + "` shows the schedules there are"));
        }
        Files.deleteIfExists(timer);
        Files.deleteIfExists(service);
        String ctl = system ? "systemctl" : "systemctl --user";
        cli.out().println("Removed " + name + ".timer and " + name + ".service from " + units + ".");
        cli.out().println("next: " + ctl + " disable --now " + name + ".timer; " + ctl + " daemon-reload");
        cli.out().flush();
        return 0;
    }

    /** The timers Ripcord wrote (named ripcord-*, marked on their first line), by name. */
    private static List<Path> timers(Path units) throws IOException {
        if (!Files.isDirectory(units)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(units)) {
            return files.filter(f -> f.getFileName().toString().startsWith(Schedule.PREFIX) && f.toString().endsWith(".timer"))
                    .filter(SystemdUnits::writtenByRipcord).sorted().toList();
        }
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, out -> {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    private static RunbookException usage(String what, String next) {
        return new RunbookException(Problem.of(ProblemCode.INVALID_COMMAND_LINE, what, null).withNext(next));
    }
}
