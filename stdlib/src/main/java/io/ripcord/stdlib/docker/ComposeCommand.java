package io.ripcord.stdlib.docker;

import io.ripcord.problem.ProblemCode;
import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.stdlib.process.CommandRunner;
import io.ripcord.stdlib.process.CommandTimedOut;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One compose command line for a project and its file ({@code docker compose -p shop -f FILE ...} or the older
 * {@code docker-compose}), run in the file's directory with the run's environment, so compose talks to the engine
 * docker-java talks to. Shared by the per-service and the whole-project targets.
 */
final class ComposeCommand {

    /** Which compose command this machine has: asked once per process (each probe costs a docker CLI start). */
    private static volatile List<String> found;

    private ComposeCommand() {
    }

    /** Runs {@code compose -p PROJECT -f FILE ARGS}; a non-zero exit fails with the tail of its output. */
    static CommandResult run(String project, Path file, VerbContext context, Duration timeout, String... args)
            throws VerbFailure, InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new VerbFailure(ProblemCode.TARGET_MISSING, "no compose file " + file, "give compose(...) file: the path of docker-compose.yml");
        }
        List<String> argv = argv(project, file, context, args);
        try {
            CommandResult result = CommandRunner.run(argv, file.getParent(), context.environment(), timeout, line -> { });
            if (result.exitCode() != 0) {
                throw new VerbFailure(String.join(" ", command(context)) + " " + String.join(" ", args)
                        + " failed (exit " + result.exitCode() + "): " + CommandRunner.tail(result, 3), "run the same compose command by hand to see all of its output: "
                        + String.join(" ", argv));
            }
            return result;
        } catch (CommandTimedOut e) {
            throw new VerbFailure("compose " + String.join(" ", args) + " did not finish within " + Durations.format(timeout),
                    "its containers are as compose left them: `" + line(project, file, context, "ps") + "`");
        } catch (IOException e) {
            throw new VerbFailure("cannot run compose: " + e.getMessage(), "install the compose plugin (docker-compose-plugin) or docker-compose");
        }
    }

    /** The command line as a user would type it: for plans and for "start it by hand". */
    static String line(String project, Path file, VerbContext context, String... args) throws VerbFailure, InterruptedException {
        List<String> quoted = new ArrayList<>();
        for (String a : argv(project, file, context, args)) {
            quoted.add(a.matches("[A-Za-z0-9_./:=@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    private static List<String> argv(String project, Path file, VerbContext context, String... args) throws VerbFailure, InterruptedException {
        List<String> argv = new ArrayList<>(command(context));
        argv.addAll(List.of("-p", project, "-f", file.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** {@code docker compose} when the plugin answers, else {@code docker-compose}. */
    static List<String> command(VerbContext context) throws VerbFailure, InterruptedException {
        List<String> known = found;
        if (known != null) {
            return known;
        }
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> probe = new ArrayList<>(candidate);
            probe.add("version");
            try {
                if (CommandRunner.run(probe, context.workingDirectory(), Map.of(), Duration.ofSeconds(20), line -> { }).exitCode() == 0) {
                    found = candidate;
                    return candidate;
                }
            } catch (IOException | CommandTimedOut e) {
                // not installed: try the next
            }
        }
        throw new VerbFailure("neither `docker compose` nor `docker-compose` is installed",
                "install the compose plugin (docker-compose-plugin) or docker-compose");
    }
}
