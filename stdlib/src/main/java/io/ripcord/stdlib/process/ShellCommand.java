package io.ripcord.stdlib.process;

import java.util.List;

/** A command as runbooks write it: a string runs through {@code /bin/sh -c}, a list of words runs as is. */
public final class ShellCommand {

    private ShellCommand() {
    }

    public static List<String> argv(Object command) {
        if (command instanceof String s) {
            return List.of("/bin/sh", "-c", s);
        }
        return ((List<?>) command).stream().map(String::valueOf).toList();
    }

    /** How plans and messages show it: 'the string', or [the, words]. */
    public static String display(Object command) {
        return command instanceof String s ? "'" + s + "'" : argv(command).toString();
    }
}
