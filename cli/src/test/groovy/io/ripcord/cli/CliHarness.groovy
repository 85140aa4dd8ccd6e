package io.ripcord.cli

import java.nio.file.Files
import java.nio.file.Path

/**
 * Runs the real command line in this JVM (fast) or as a separate `java` process (for what only a process shows:
 * files created, exit status), capturing both outputs. Shared with the examples and runbooks modules.
 */
class CliHarness {

    /** The root of the checkout (the build passes it; the fallback walks up from the module). */
    static Path repoRoot() {
        String configured = System.getProperty('ripcord.root')
        Path start = configured ? Path.of(configured) : Path.of('').toAbsolutePath()
        for (Path p = start; p != null; p = p.parent) {
            if (Files.exists(p.resolve('mvnw')) && Files.exists(p.resolve('runtime'))) {
                return p
            }
        }
        throw new IllegalStateException("cannot find the repository root from $start")
    }

    /** A journal home of this test JVM's own, so specs never touch the user's ~/.ripcord. */
    static final Path HOME = Files.createTempDirectory('ripcord-home')

    /** The environment commands get unless a spec gives its own: PATH, and RIPCORD_HOME in a temp directory. */
    static Map<String, String> defaultEnv() {
        [PATH: System.getenv('PATH') ?: '/usr/bin:/bin', RIPCORD_HOME: HOME.toString()]
    }

    /** `ripcord ARGS` in-process; options: cwd (Path), env (Map), terminal (boolean). */
    static Result ripcord(Map options = [:], String... args) {
        def out = new StringWriter()
        def err = new StringWriter()
        Path cwd = (options.cwd ?: Path.of('').toAbsolutePath()) as Path
        Map<String, String> env = (options.env ?: defaultEnv()) as Map<String, String>
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env, cwd, options.terminal as boolean)
        new Result(code, out.toString(), err.toString())
    }

    /** `java -cp <test class path> io.ripcord.cli.Main ARGS` in its own process, waited for. */
    static Result ripcordProcess(Map options = [:], String... args) {
        startProcess(options, args).finish()
    }

    /** The same, started and left running: for signals, kills and races. Options as above, and jvmArgs (List). */
    static Running startProcess(Map options = [:], String... args) {
        // as from a terminal: a suite started in the background (bash without job control) passes SIGINT on as
        // ignored, and a JVM started so keeps ignoring it, which would make every Ctrl-C spec wait for nothing
        List<String> command = ['perl', '-e', '\$SIG{INT} = "DEFAULT"; exec { \$ARGV[0] } @ARGV or die "exec: \$!"',
                                Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-XX:-UsePerfData',
                                '-XX:TieredStopAtLevel=1', '-Xshare:auto',
                                "-Djava.io.tmpdir=${options.tmp ?: System.getProperty('java.io.tmpdir')}".toString()] +
                                ((options.jvmArgs ?: []) as List<String>) + [
                                '-cp', System.getProperty('java.class.path'), Main.name] + args.toList()
        def builder = new ProcessBuilder(command).directory(((options.cwd ?: Path.of('').toAbsolutePath()) as Path).toFile())
        builder.environment().clear()
        ((options.env ?: defaultEnv()) as Map).each { k, v -> builder.environment().put(k as String, v as String) }
        new Running(builder.start())
    }

    static class Running {
        final Process process
        final StringBuilder out = new StringBuilder()
        final StringBuilder err = new StringBuilder()

        Running(Process process) {
            this.process = process
            process.consumeProcessOutput(out, err)
        }

        /** Sends a signal (INT, KILL, ...) to the ripcord JVM. */
        void signal(String name) {
            ['kill', "-$name".toString(), String.valueOf(process.pid())].execute().waitFor()
        }

        Result finish() {
            process.waitFor()
            process.waitForProcessOutput()
            new Result(process.exitValue(), out.toString(), err.toString())
        }
    }

    static class Result {
        final int exit
        final String out
        final String err

        Result(int exit, String out, String err) {
            this.exit = exit
            this.out = out
            this.err = err
        }

        String getAll() { out + err }

        @Override
        String toString() { "exit $exit\n--- out\n$out--- err\n$err" }
    }
}
