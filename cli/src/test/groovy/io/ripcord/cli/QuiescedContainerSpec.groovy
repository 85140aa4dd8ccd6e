package io.ripcord.cli

import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * quiesce: container(...) with a container that will not start again: the backup is written, and the run fails
 * naming the container and giving the command that starts it by hand. Its published port is taken while a killed run
 * left it stopped, so the resumed backup's start fails at the engine, as a real port clash would.
 */
@Timeout(180)
@IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'needs a Docker Engine (bin/test starts one as root)')
class QuiescedContainerSpec extends Specification {

    final Path dir = Files.createTempDirectory('ripcord-quiesced')
    final String name = 'ripcord-spec-quiesced-' + Long.toHexString(System.nanoTime())
    ServerSocket held

    def setup() {
        DockerTestEngine.ensureImages()
        Files.createDirectories(dir.resolve('data'))
        Files.writeString(dir.resolve('data/state.json'), '{"n": 1}\n')
        Files.writeString(dir.resolve('quiesce.groovy'), """\
            runbook 'spec/quiesced', version: '1.0.0', {
                step 'back up', { backup dir('data'), to: 'backups', quiesce: container('$name') }
            }
            """.stripIndent())
    }

    def cleanup() {
        held?.close()
        DockerTestEngine.remove(name)
        dir.toFile().deleteDir()
    }

    Map<String, String> env(Map extra = [:]) {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()] + extra
    }

    def "a quiesced container that will not start again fails the backup naming it and how to start it by hand; the backup is kept"() {
        given:
        int port = DockerTestEngine.runApp(name, DockerTestEngine.V1)

        when: 'killed while the container is stopped for the copy'
        def crashed = startProcess(['run', '--no-plan', 'quiesce.groovy'] as String[], cwd: dir,
                env: env(RIPCORD_CRASH_AT: 'backup: quiesced services stopped')).finish()

        then:
        crashed.exit == 137
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'false'

        when: 'its port is taken before the resume starts it'
        held = new ServerSocket(port, 1, InetAddress.loopbackAddress)
        def id = ripcord(['runs'] as String[], cwd: dir, env: env()).out.readLines().find { it.contains('RUNNING') }.split(/\s+/)[0]
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())
        def error = resumed.err.readLines().find { it.startsWith('error[') }

        then:
        resumed.exit == 1
        error.startsWith("error[STEP_FAILED]: step 'back up' failed: backup: quiesced services did not start again: container $name: ")
        error.contains('address already in use')
        resumed.err.readLines().any { it.startsWith('  next: ') && it.contains("start it by hand: docker start $name (the backup itself was written); ") }
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'false'
        dir.resolve('backups').toFile().list().findAll { it.endsWith('.manifest.json') }.size() == 1
        Files.readString(dir.resolve('data/state.json')) == '{"n": 1}\n'
    }
}
