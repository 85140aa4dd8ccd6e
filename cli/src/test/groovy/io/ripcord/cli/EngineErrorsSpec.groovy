package io.ripcord.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/** A Docker Engine that cannot be reached: the plan says so and still shows the rest; a run fails clearly, no stack trace. */
class EngineErrorsSpec extends Specification {

    @TempDir Path dir

    def "an unreachable engine: the plan notes it, the run names it and what to do"() {
        given:
        Path file = dir.resolve('stop.groovy')
        Files.writeString(file, """\
            runbook 'demo/stop-unreachable', version: '1.0.0', {
                def app = container 'workload-app'
                step 'stop', { stopService app, timeout: 5.seconds }
            }
            """.stripIndent())
        Map env = CliHarness.defaultEnv() + [DOCKER_HOST: "unix://${dir}/no-docker.sock".toString()]

        when:
        def plan = ripcord(cwd: dir, env: env, 'plan', file.toString())
        def run = ripcord(cwd: dir, env: env, 'run', file.toString())

        then:
        plan.exit == 0
        plan.out.contains("~ stopService: container workload-app: cannot look now: inspect container workload-app: cannot reach the Docker Engine at unix://$dir/no-docker.sock")
        run.exit == 69 // ENGINE_UNAVAILABLE
        run.err.contains("error[ENGINE_UNAVAILABLE]: step 'stop' failed: stopService: inspect container workload-app: cannot reach the Docker Engine at unix://$dir/no-docker.sock")
        run.err.contains('next: start the engine (sudo systemctl start docker, or dockerd), or point DOCKER_HOST at it')
        !run.err.contains('\tat ')
    }
}
