package io.ripcord.stdlib.service

import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.docker.ComposeTarget
import io.ripcord.stdlib.docker.DockerTestEngine
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/** process(...) with real processes and ports; compose(...) with the real docker-compose and Docker Engine. */
class ServiceTargetsSpec extends Specification {

    @TempDir Path dir
    final stop = new ServiceVerbs.Stop()
    final start = new ServiceVerbs.Start()

    Object apply(def verb, Object... args) {
        verb.apply(VerbContexts.call(verb, args), VerbContexts.context(dir))
    }

    ProcessTarget httpd(int port, String start = "busybox httpd -f -p 127.0.0.1:$port -h ${dir}") {
        new ProcessTarget('web', start, null, dir.resolve('web.pid'), port, dir.resolve('web.log'), dir)
    }

    def "a process is started detached with its pidfile, stopped with SIGTERM, and both are idempotent"() {
        given:
        int port = DockerTestEngine.freePort()
        def web = httpd(port)

        when:
        ServiceChange started = apply(start, [timeout: 10.seconds], web)
        ServiceChange again = apply(start, web)

        then:
        started.changed() && started.after().running()
        Files.readString(dir.resolve('web.pid')).trim() as long == started.kept().pid
        ProcessHandle.of(started.kept().pid as long).get().isAlive()
        !again.changed()

        when:
        ServiceChange stopped = apply(stop, web)
        ServiceChange stoppedAgain = apply(stop, web)

        then:
        stopped.changed() && !stopped.after().running()
        !ProcessHandle.of(started.kept().pid as long).map { it.isAlive() }.orElse(false)
        !stoppedAgain.changed()
    }

    def "a pidfile whose pid now belongs to another process is stale: that process is never stopped"() {
        given: 'the pidfile names a live process, but the recorded start time is another'
        def other = new ProcessBuilder('sleep', '30').start()
        Files.writeString(dir.resolve('web.pid'), other.pid() + '\n')
        Files.writeString(dir.resolve('web.pid.started'), '2001-01-01T00:00:00Z\n')
        def web = httpd(DockerTestEngine.freePort())

        when:
        ServiceChange stopped = apply(stop, web)

        then:
        !stopped.changed()
        other.alive

        cleanup:
        other.destroyForcibly()
    }

    def "a process that exits at once fails with its last output"() {
        given:
        def broken = httpd(DockerTestEngine.freePort(), "echo cannot bind >&2; exit 3")

        when:
        apply(start, broken)

        then:
        VerbFailure e = thrown()
        e.message.startsWith('process web exited with 3 right after starting')
        e.message.contains('cannot bind')
    }

    def "a process that never opens its port fails at the timeout and says it still runs"() {
        given:
        def silent = httpd(DockerTestEngine.freePort(), 'sleep 30')

        when:
        apply(start, [timeout: 500.milliseconds], silent)

        then:
        VerbFailure e = thrown()
        e.message.contains('did not open within 500ms')

        cleanup:
        apply(stop, [timeout: 2.seconds], silent)
    }

    @IgnoreIf(value = { !System.getenv('CI') && !(DockerTestEngine.available() && DockerTestEngine.exec(['docker-compose', 'version']).exit == 0) },
            reason = 'needs a Docker Engine and docker-compose (bin/test installs and starts them as root)')
    def "a compose service is stopped and started through compose, waiting on the engine"() {
        given:
        DockerTestEngine.ensureImages()
        int port = DockerTestEngine.freePort()
        String project = 'rcspec' + UUID.randomUUID().toString().substring(0, 6)
        Path file = dir.resolve('docker-compose.yml')
        Files.writeString(file, """\
            version: "2.4"
            services:
              web:
                image: ${DockerTestEngine.V1}
                ports: ["127.0.0.1:$port:8080"]
            """.stripIndent())
        def web = new ComposeTarget(project, 'web', file)

        when:
        ServiceChange up = apply(start, [timeout: 30.seconds], web)

        then:
        up.changed() && up.after().running()
        DockerTestEngine.get(port, 'version') == 'v1'

        when:
        ServiceChange down = apply(stop, [timeout: 5.seconds], web)
        ServiceChange downAgain = apply(stop, web)

        then:
        down.changed() && !down.after().running()
        !downAgain.changed()

        cleanup:
        DockerTestEngine.exec(['docker-compose', '-p', project, '-f', file.toString(), 'down'])
    }
}
