package io.ripcord.runbooks

import io.ripcord.cli.CliHarness
import io.ripcord.cli.PlanRunAgreement

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot
import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * What the shipped runbooks' end-to-end specs share: a temp directory with its own journal, the runbooks on the search
 * path, runs in-process, a crash injected into a child JVM mid-run (SIGKILL once a step starts), and plans with this
 * run's paths, names and ids replaced by placeholders for the golden files.
 */
class RunbookFixture {

    final Path dir = Files.createTempDirectory('ripcord-runbook')
    final Map<String, String> env

    RunbookFixture(Map<String, String> extraEnv = [:]) {
        env = [PATH: System.getenv('PATH'), HOME: dir.toString(), RIPCORD_HOME: dir.resolve('home').toString(),
               RIPCORD_PATH: repoRoot().resolve('runbooks').toString()] + extraEnv
    }

    /**
     * Runs ARGS in-process. A {@code run} is also planned just before it (same parameters, same journal) and the
     * calls it journals are checked against that plan (PlanRunAgreement): every e2e run of a shipped runbook
     * holds the plan to what happened.
     */
    CliHarness.Result run(List<String> args) {
        args[0] == 'run' ? PlanRunAgreement.run([cwd: dir, env: env], args) : ripcord(args as String[], cwd: dir, env: env)
    }

    static String runId(CliHarness.Result result) {
        def m = result.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/
        assert m.find(): result
        m.group(1)
    }

    /** Runs ARGS in a child JVM and kills it with SIGKILL as soon as its output shows MARKER (a step starting). */
    CliHarness.Result killWhen(String marker, List<String> args) {
        def child = startProcess(args as String[], cwd: dir, env: env)
        long deadline = System.currentTimeMillis() + 60_000
        while (!child.out.toString().contains(marker) && child.process.alive && System.currentTimeMillis() < deadline) {
            sleep 20
        }
        child.signal('KILL')
        child.finish()
    }

    /** The plan with what changes from run to run replaced: paths, {@code names} (by their keys), ids, backups' names and sizes, disk usage. */
    String normalized(String plan, Map<String, String> names = [:]) {
        String text = plan.replace(dir.toString(), '<dir>').replace(repoRoot().toString(), '<repo>')
        names.each { placeholder, value -> text = text.replace(value, placeholder) }
        text.replaceAll(/sha256:[0-9a-f]{64}/, 'sha256:<id>').replaceAll(/\b[0-9a-f]{12}\b/, '<id>')
                .replaceAll(/source: [0-9.]+ [KMG]?B/, 'source: <size>').replaceAll(/now: [0-9.]+% used, .*/, 'now: <disk usage>')
                .replaceAll(/([A-Za-z0-9._<>]+)-\d{8}-\d{6}-[0-9a-f]{4}\b/, '$1-<time>') // a backup the plan names
                .replaceAll(/(backup \S+-<time>\S*) \([0-9.]+ [KMG]?B\)/, '$1 (<size>)')
                .replaceAll(/(pg_dump -Fc of \S+) \([0-9.]+ [KMG]?B\)/, '$1 (<size>)')
    }

    /** Environment for runs that reach the test PostgreSQL server: its password in a 0600 PGPASSFILE, never in a URL. */
    static Map<String, String> pgpass(String user, String password) {
        Path file = Files.createTempFile('pgpass', '')
        Files.writeString(file, "*:*:*:${user}:${password}\n")
        file.toFile().setReadable(false, false); file.toFile().setReadable(true, true)
        [PGPASSFILE: file.toString()]
    }

    /** Runs a shell command line (git, mostly) in {@code dir}; its output, trimmed. */
    static String shell(Path dir, String command) {
        def p = ['sh', '-c', command].execute(null, dir.toFile())
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        assert p.exitValue() == 0: "$command: $err"
        out.toString().trim()
    }

    void cleanup() {
        dir.toFile().deleteDir()
    }
}
