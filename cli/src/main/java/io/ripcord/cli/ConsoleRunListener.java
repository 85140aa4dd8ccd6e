package io.ripcord.cli;

import io.ripcord.exec.RunListener;
import io.ripcord.plan.ActionKind;
import io.ripcord.plan.PlannedAction;
import io.ripcord.units.Durations;
import io.ripcord.verb.VerbCall;
import io.ripcord.verb.VerbOutput;

import java.io.PrintWriter;
import java.time.Duration;

/** Prints a run's progress: each step, each verb with what it does, its output indented, and timings. */
final class ConsoleRunListener implements RunListener {

    private final PrintWriter out;
    private final Styles s;

    ConsoleRunListener(PrintWriter out, Styles styles) {
        this.out = out;
        this.s = styles;
    }

    @Override
    public void stepStarted(String step, int index, int count) {
        out.println(s.bold("[" + index + "/" + count + "] " + step));
        out.flush();
    }

    @Override
    public void verbStarted(VerbCall call, PlannedAction action) {
        if (action.kind() == ActionKind.NOTE) {
            return; // a note prints its own message; announcing it too would say it twice
        }
        out.println("  " + s.cyan(action.kind().symbol) + " " + call.verb() + ": " + action.summary());
        out.flush();
    }

    @Override
    public VerbOutput verbOutput(VerbCall call) {
        return new VerbOutput() {
            @Override
            public void info(String message) {
                line("    " + message);
            }

            @Override
            public void warn(String message) {
                line("    " + s.yellow("warning: ") + message);
            }

            @Override
            public void output(String text) {
                line("    " + s.dim("| ") + text);
            }
        };
    }

    @Override
    public void stepFinished(String step, Duration elapsed) {
        out.println("  " + s.green("done") + s.dim(" in " + Durations.format(elapsed)));
        out.flush();
    }

    private synchronized void line(String text) {
        out.println(text);
        out.flush();
    }
}
