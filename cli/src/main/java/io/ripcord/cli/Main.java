package io.ripcord.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The entry point of the runnable jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        warmUpGroovy();
        // picocli would load groovy.lang.Closure on this thread, in case an annotation held one (none does): ~10 ms
        System.setProperty("picocli.disable.closures", "true");
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        boolean terminal = System.console() != null;
        int code = execute(args, out, err, System.getenv(), Path.of("").toAbsolutePath(), terminal);
        out.flush();
        err.flush();
        JitHint.record(System.getenv());
        System.exit(code);
    }

    /**
     * Groovy's runtime (its metaclass registry and default methods) takes about a tenth of a second to start; on a
     * second core that happens while picocli builds the command line, instead of after it.
     */
    private static void warmUpGroovy() {
        Thread warm = new Thread(() -> {
            var registry = groovy.lang.GroovySystem.getMetaClassRegistry();
            // the metaclasses every runbook touches first: numbers (30.seconds), strings, closures, the step scope
            for (Class<?> type : new Class<?>[]{Integer.class, String.class, groovy.lang.GString.class, groovy.lang.Closure.class,
                    io.ripcord.dsl.StepScope.class, io.ripcord.params.Params.class, io.ripcord.units.TimeSpan.class}) {
                registry.getMetaClass(type).initialize();
            }
        }, "ripcord-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** Runs one command line; everything a test needs to control is a parameter. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd, boolean terminal) {
        boolean debug = Arrays.asList(args).contains("--debug");
        boolean colour = colour(args, env, terminal);
        Cli cli = new Cli(out, err, env, cwd, new Styles(colour), debug, terminal);
        try {
            return cli.commandLine(args).execute(args);
        } finally {
            cli.out().flush(); // the console writers hold a partial line until flushed (see RedactingWriter)
            cli.err().flush();
        }
    }

    /**
     * Colour on a terminal unless TERM=dumb or CLICOLOR=0; CLICOLOR_FORCE (not 0) colours a pipe too (CI logs,
     * {@code less -R}); --no-color and NO_COLOR win over both.
     */
    static boolean colour(String[] args, Map<String, String> env, boolean terminal) {
        if (Arrays.asList(args).contains("--no-color") || !isBlank(env.get("NO_COLOR"))) {
            return false;
        }
        String force = env.get("CLICOLOR_FORCE");
        if (!isBlank(force) && !"0".equals(force.strip())) {
            return true;
        }
        return terminal && !"dumb".equals(env.get("TERM")) && !"0".equals(String.valueOf(env.get("CLICOLOR")).strip());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
