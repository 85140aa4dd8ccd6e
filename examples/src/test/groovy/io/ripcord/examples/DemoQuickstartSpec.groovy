package io.ripcord.examples

import io.ripcord.cli.DemoService
import io.ripcord.cli.PlanRunAgreement
import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot
import static io.ripcord.cli.CliHarness.ripcord

/**
 * The README's quick start on the real demo service and Docker Engine: examples/quickstart/demo.sh (one command) backs
 * up the database, deploys the broken v2, fails the health gate, rolls back and prints the report with RTO and RPO.
 */
@IgnoreIf(value = { !System.getenv('CI') && !DemoService.available() }, reason = 'no Docker Engine or demo service (bin/test brings both up)')
@Timeout(180)
class DemoQuickstartSpec extends Specification {

    static final String RUNBOOK = 'examples/quickstart/deploy-demo.groovy'

    @Snapshot
    Snapshotter snapshotter

    Path root = repoRoot()
    Path state = Files.createTempDirectory('ripcord-demo')
    String name = 'rc-demo-' + UUID.randomUUID().toString().substring(0, 8)
    int port = DockerTestEngine.freePort()
    Map<String, String> env = [PATH: System.getenv('PATH'), HOME: state.toString(), RIPCORD_HOME: state.resolve('home').toString(),
                               RIPCORD_DEMO_NAME: name, RIPCORD_DEMO_PORT: "$port".toString(), RIPCORD_DEMO_STATE: state.toString()]

    def cleanup() {
        DemoService.remove(name)
        state.toFile().deleteDir()
    }

    List<String> params() {
        ['-p', "container=$name", '-p', "data=$state/data", '-p', "backups=$state/backups", '-p', "health=http://127.0.0.1:$port/health"]*.toString()
    }

    def "demo.sh: one command backs up, deploys v2, fails the health gate, rolls back v1 and the database, and prints RTO and RPO"() {
        when:
        def p = new ProcessBuilder(root.resolve('examples/quickstart/demo.sh').toString()).directory(root.toFile()).redirectErrorStream(true)
        p.environment().putAll(env + [JAVA_HOME: System.getProperty('java.home')])
        def process = p.start()
        String out = process.inputStream.text
        int exit = process.waitFor()

        then: 'exit 3: rolled back, and the rollback verified'
        exit == 3
        out.contains("$name (ripcord-demo:v1) runs on http://127.0.0.1:$port (3 notes)")
        out.contains('HTTP 503 (expected 2xx): {"status":"fail","version":"v2"')
        out =~ /Run rolled back: quickstart\/deploy-demo@1\.0\.0, step 'health gate' failed; the rollback ran and was verified \(RTO [0-9.]+m?s, RPO [0-9.]+m?s\)/
        out.contains('ROLLED_BACK')
        out =~ /RTO: [0-9.]+m?s \(failure detected/
        out =~ /RPO: [0-9.]+m?s \(the restored backup was taken/

        and: 'v1 serves again, on the database as it was backed up'
        DemoService.version(port) == 'v1'
        DemoService.imageOf(name) == DemoService.imageId(DemoService.V1)
        DemoService.notes(port) == 3
    }

    def "a healthy image passes the gate and nothing is rolled back"() {
        given:
        port = DemoService.start(name, state)
        DemoService.addNote(port, 'kept')

        when:
        def result = PlanRunAgreement.run([cwd: root, env: env], ['run', '--no-plan', RUNBOOK, '-p', "image=$DemoService.V1".toString()] + params())

        then:
        result.exit == 0
        result.out.contains('healthy (attempt 1 of 4')
        DemoService.notes(port) == 1
    }

    def "its plan is stable: what it would back up, deploy and roll back, against the running demo"() {
        given:
        port = DemoService.start(name, state)

        when:
        def result = ripcord(['plan', RUNBOOK] + params() as String[], cwd: root, env: env)

        then:
        result.exit == 0
        snapshotter.assertThat(normalized(result.out)).matchesSnapshot()
    }

    /** The plan with this run's temp directory, container, port and image ids replaced by placeholders. */
    String normalized(String plan) {
        plan.replace(state.toString(), '<dir>').replace(name, '<container>').replace(":$port/", ':<port>/')
                .replaceAll(/sha256:[0-9a-f]{64}/, 'sha256:<id>').replaceAll(/\b[0-9a-f]{12}\b/, '<id>').replaceAll(/source: [0-9.]+ [KMG]?B/, 'source: <size>')
    }
}
