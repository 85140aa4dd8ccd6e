package io.ripcord.stdlib.health;

import io.ripcord.stdlib.process.CommandResult;
import io.ripcord.stdlib.process.CommandRunner;
import io.ripcord.stdlib.process.CommandTimedOut;
import io.ripcord.stdlib.process.ShellCommand;
import io.ripcord.stdlib.retry.Retry;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbContext;

import java.time.Duration;
import java.util.Map;

/** {@code command('pg_isready -q')}: healthy when the command exits 0 within the attempt's timeout (else its tree is killed). */
public record CommandProbe(Object command) implements HealthProbe {

    @Override
    public String describe() {
        return "command " + ShellCommand.display(command);
    }

    @Override
    public Retry.Observation check(VerbCall call, Duration timeout, VerbContext context) throws Exception {
        try {
            ShellCommand.Prepared prepared = ShellCommand.prepare(command, Map.of(), context.secrets());
            CommandResult result = CommandRunner.run(prepared.argv(), context.workingDirectory(), prepared.env(), timeout, line -> { });
            if (result.exitCode() == 0) {
                return Retry.Observation.ok("exit 0");
            }
            String tail = CommandRunner.tail(result, 1);
            return Retry.Observation.failed("exit " + result.exitCode() + (tail.isEmpty() ? "" : ": " + tail));
        } catch (CommandTimedOut e) {
            return Retry.Observation.failed("still running after " + io.ripcord.units.Durations.format(timeout) + "; stopped");
        }
    }
}
