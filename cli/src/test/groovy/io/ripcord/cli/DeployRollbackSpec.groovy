package io.ripcord.cli

import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/**
 * Seed 004's safety net end to end on a real Docker Engine: deploy a broken v2 over a running v1 behind a health gate;
 * the gate fails, the rollback re-tags and recreates v1, verifies it, and the report has the RTO.
 */
@IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
class DeployRollbackSpec extends Specification {

    @TempDir Path dir
    String name = 'rc-deploy-' + UUID.randomUUID().toString().substring(0, 8)
    String latest = "ripcord-test/app:$name"
    String good = "ripcord-test/app:$name-good"
    int port

    def setup() {
        DockerTestEngine.ensureImages()
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V1, latest])
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V1, good])
        port = DockerTestEngine.runApp(name, latest)
    }

    def cleanup() {
        DockerTestEngine.remove(name, name + '.ripcord-previous')
        DockerTestEngine.exec(['docker', 'rmi', latest, latest + '-ripcord-previous', good])
    }

    /** Each feature's runbook differs (its container, port): a version of its own, as a name@version keeps its content. */
    static int features = 0

    Path runbook(String rollbackBody, String beforeDeploy = '') {
        Path file = dir.resolve('deploy.groovy')
        Files.writeString(file, """\
            runbook 'demo/deploy', version: '1.0.${features++}', {
                param 'image', required: true
                def app = container '$name'
                step 'deploy', {
                    $beforeDeploy
                    tagImage params.image, as: '$latest'
                    startService app
                }
                step 'health', {
                    healthCheck http('http://127.0.0.1:$port/health'), retries: 2, interval: 200.milliseconds, timeout: 2.seconds
                }
                rollbackIf { failed 'health' } then {
                    $rollbackBody
                }
            }
            """.stripIndent())
        file
    }

    def "a broken v2 fails the health gate; the rollback puts v1 back, verified, exit 3, and the report shows the RTO"() {
        given:
        Path file = runbook("""
                    tagImage previous(app), as: '$latest'
                    startService app
                    healthCheck http('http://127.0.0.1:$port/health'), retries: 10, interval: 200.milliseconds
        """)

        when:
        def result = ripcord(cwd: dir, 'run', file.toString(), '-p', "image=$DockerTestEngine.V2")
        String runId = (result.out =~ /Run (\S+)/)[0][1]
        def show = ripcord('show', runId)

        then:
        result.exit == 3
        result.err =~ /Run rolled back: demo\/deploy@1.0.0, step 'health' failed; the rollback ran and was verified \(RTO [0-9.]+m?s\)/
        DockerTestEngine.get(port, 'version') == 'v1'
        DockerTestEngine.inspect(name, '{{.Image}}') == DockerTestEngine.imageId(DockerTestEngine.V1)
        DockerTestEngine.imageId(latest) == DockerTestEngine.imageId(DockerTestEngine.V1)
        show.out.contains('ROLLED_BACK')
        show.out =~ /RTO: [0-9.]+m?s \(failure detected/
    }

    def "a rollback that cannot put v1 back (its image is gone) exits 4 with MANUAL INTERVENTION REQUIRED"() {
        given: 'the deploy removes the only tag the rollback knows v1 by'
        Path file = runbook("""
                    tagImage '$good', as: '$latest'
                    startService app
        """, "sh 'docker rmi $good'")

        when:
        def result = ripcord(cwd: dir, 'run', file.toString(), '-p', "image=$DockerTestEngine.V2")

        then:
        result.exit == 4
        result.err.contains("MANUAL INTERVENTION REQUIRED: the rollback of demo/deploy@1.0.${features - 1} failed")
        result.err.contains("NOT restored:  rollback at line 12 — stopped at line 14: step 'rollback' failed: tagImage: image '$good' does not exist")
        DockerTestEngine.get(port, 'version') == 'v2'
    }

    def "stopping a container that does not exist fails with the nearest name and stops nothing"() {
        given:
        Path file = dir.resolve('stop.groovy')
        Files.writeString(file, """\
            runbook 'demo/stop', version: '1.0.0', {
                step 'stop', { stopService container('${name}x') }
            }
            """.stripIndent())

        when:
        def result = ripcord(cwd: dir, 'run', file.toString())

        then:
        result.exit == 1
        result.err.contains("stopService: no container named '${name}x' on the Docker Engine at unix:///var/run/docker.sock — did you mean $name?")
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'true'
    }
}
