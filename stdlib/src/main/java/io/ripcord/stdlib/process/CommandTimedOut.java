package io.ripcord.stdlib.process;

/** The command ran past its timeout and was killed, with everything it started. */
public final class CommandTimedOut extends Exception {

    private final CommandResult partial;

    CommandTimedOut(CommandResult partial) {
        super("timed out");
        this.partial = partial;
    }

    /** What the command printed before it was killed. */
    public CommandResult partial() {
        return partial;
    }
}
