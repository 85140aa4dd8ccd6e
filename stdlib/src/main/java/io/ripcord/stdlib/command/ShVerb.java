package io.ripcord.stdlib.command;

import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.stdlib.process.CommandRunner;
import io.ripcord.stdlib.process.CommandTimedOut;
import io.ripcord.stdlib.process.ShellCommand;
import io.ripcord.units.Durations;
import io.ripcord.verb.ArgType;
import io.ripcord.verb.Verb;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;
import io.ripcord.verb.VerbSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sh 'pg_isready -q', timeout: 30.seconds}: runs a command; a non-zero exit fails the step. */
public final class ShVerb implements Verb {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private static final VerbSpec SPEC = VerbSpec.named("sh")
            .summary("Run a command and capture its output; a non-zero exit status fails the step.")
            .positional("command")
            .required("command", ArgType.COMMAND, "a string, run by /bin/sh -c, or a list of words, run as is (no shell)")
            .optional("timeout", ArgType.DURATION, "10.minutes", "how long the command may run before it and its children are killed")
            .optional("env", ArgType.MAP, null, "extra environment variables, added to the run's environment")
            .optional("dir", ArgType.STRING, "the current directory", "the working directory")
            .returns(io.ripcord.stdlib.process.CommandResult.class, "the result; as a string, the trimmed stdout")
            .example("def head = sh 'git rev-parse HEAD', timeout: 30.seconds")
            .build();

    @Override
    public VerbSpec spec() {
        return SPEC;
    }

    @Override
    public PlannedAction plan(VerbCall call, VerbContext context) {
        PlannedAction action = PlannedAction.of(ActionKind.RUN, "run " + display(call))
                .detail("timeout", Durations.format(call.duration("timeout", DEFAULT_TIMEOUT)));
        if (call.has("dir")) {
            action = action.detail("dir", call.string("dir", null));
        }
        if (call.has("env")) {
            // names only: values may be secrets, and a plan is often pasted into tickets
            action = action.detail("env", String.join(", ", call.map("env").keySet()));
        }
        return action;
    }

    @Override
    public Object apply(VerbCall call, VerbContext context) throws IOException, InterruptedException, VerbFailure {
        Duration timeout = call.duration("timeout", DEFAULT_TIMEOUT);
        Path dir = call.has("dir") ? context.workingDirectory().resolve(call.string("dir", ".")) : context.workingDirectory();
        if (!Files.isDirectory(dir)) {
            throw new VerbFailure("working directory " + dir + " does not exist", "create it first or fix dir:");
        }
        Map<String, String> env = new LinkedHashMap<>();
        call.map("env").forEach((k, v) -> env.put(k, String.valueOf(v)));
        CommandResult result;
        try {
            ShellCommand.Prepared command = ShellCommand.prepare(call.value("command"), env, context.secrets());
            result = CommandRunner.run(command.argv(), dir, command.env(), timeout, context.output()::output);
        } catch (CommandTimedOut e) {
            throw new VerbFailure("command timed out after " + Durations.format(timeout) + " and was stopped: " + display(call)
                    + lastLines(e.partial()), "raise timeout: if it needs longer, or find out why it hangs");
        } catch (IOException e) {
            throw new VerbFailure("cannot start " + display(call) + ": " + e.getMessage(), "check that the program is installed and on PATH");
        }
        if (result.exitCode() != 0) {
            throw new VerbFailure("command exited with status " + result.exitCode() + ": " + display(call) + lastLines(result),
                    "read the output above, fix the cause, and run again");
        }
        return result;
    }

    @Override
    public Object journal(Object result) {
        CommandResult r = (CommandResult) result;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exitCode", r.exitCode());
        data.put("stdout", r.stdout());
        data.put("stderr", r.stderr());
        data.put("elapsedMs", r.elapsed().toMillis());
        data.put("truncated", r.truncated());
        return data;
    }

    @Override
    public Object restore(Object data) {
        Map<?, ?> m = (Map<?, ?>) data;
        return new CommandResult(((Number) m.get("exitCode")).intValue(), (String) m.get("stdout"), (String) m.get("stderr"),
                Duration.ofMillis(((Number) m.get("elapsedMs")).longValue()), Boolean.TRUE.equals(m.get("truncated")));
    }

    private static String lastLines(CommandResult result) {
        String tail = CommandRunner.tail(result, 5);
        return tail.isEmpty() ? "" : "\n    " + tail.replace("\n", "\n    ");
    }

    static String display(VerbCall call) {
        return ShellCommand.display(call.value("command"));
    }
}
