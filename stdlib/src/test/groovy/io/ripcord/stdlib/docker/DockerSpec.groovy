package io.ripcord.stdlib.docker

import io.ripcord.exec.ExecutionContext
import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.health.HealthCheckVerb
import io.ripcord.stdlib.service.ServiceChange
import io.ripcord.stdlib.service.ServiceVerbs
import io.ripcord.verb.PastCall
import io.ripcord.verb.Verb
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** The container verbs against a real Docker Engine (bin/test starts one; outside CI the spec is skipped without it). */
@IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
class DockerSpec extends Specification {

    @TempDir Path dir
    @Shared String name = 'rc-spec-' + UUID.randomUUID().toString().substring(0, 8)
    @Shared String latest = 'ripcord-test/app:' + name
    final stop = new ServiceVerbs.Stop()
    final start = new ServiceVerbs.Start()
    final restart = new ServiceVerbs.Restart()

    def setupSpec() {
        DockerTestEngine.ensureImages()
    }

    def cleanup() {
        DockerTestEngine.remove(name, name + '.ripcord-previous')
        DockerTestEngine.exec(['docker', 'rmi', latest, latest + '-ripcord-previous'])
    }

    Object apply(Verb verb, Map env = System.getenv(), List<PastCall> history = [], Object... args) {
        def setting = new ExecutionContext.Setting(dir, env, io.ripcord.catalog.ArtifactCatalog.NONE, io.ripcord.verb.RunInfo.NONE, history)
        verb.apply(VerbContexts.call(verb, args), setting.forCall('test step', new VerbContexts.RecordedOutput(), false))
    }

    Object plan(Verb verb, Object... args) {
        verb.plan(VerbContexts.call(verb, args), ExecutionContext.Setting.of(dir, System.getenv()).forCall('test step', new VerbContexts.RecordedOutput(), true))
    }

    def "stopping and starting are idempotent and wait for the real state"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1)
        def app = new ContainerTarget(name)

        when:
        ServiceChange stopped = apply(stop, System.getenv(), [], app)
        ServiceChange again = apply(stop, System.getenv(), [], app)

        then:
        stopped.changed() && stopped.before().running() && !stopped.after().running()
        !again.changed()
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'false'

        when:
        ServiceChange started = apply(start, System.getenv(), [], app)
        ServiceChange startedAgain = apply(start, System.getenv(), [], app)

        then:
        started.changed() && started.after().running()
        started.after().imageId() == DockerTestEngine.imageId(DockerTestEngine.V1)
        !startedAgain.changed()
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'true'
    }

    def "a missing container fails with the nearest names, and nothing is stopped"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1)

        when:
        apply(stop, System.getenv(), [], new ContainerTarget(name.substring(0, name.length() - 1)))

        then:
        VerbFailure e = thrown()
        e.message.startsWith("no container named '${name.substring(0, name.length() - 1)}' on the Docker Engine at unix:///var/run/docker.sock")
        e.message.contains("did you mean $name")
        e.next().contains('nothing was stopped')
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'true'
    }

    def "an engine that cannot be reached is named, with what to do"() {
        when:
        apply(stop, [DOCKER_HOST: 'unix:///tmp/ripcord-no-such-docker.sock'], [], new ContainerTarget('app'))

        then:
        VerbFailure e = thrown()
        e.message.startsWith('inspect container app: cannot reach the Docker Engine at unix:///tmp/ripcord-no-such-docker.sock')
        e.next().contains('start the engine')
    }

    def "the current Docker context decides the engine when DOCKER_HOST is not set"() {
        given: 'a CLI config whose current context points at #host'
        Path config = Files.createDirectories(dir.resolve('docker-config'))
        Files.writeString(config.resolve('config.json'), '{"currentContext": "spec"}')
        Path meta = Files.createDirectories(config.resolve('contexts/meta/' + io.ripcord.model.RunbookSource.sha256('spec')))
        Files.writeString(meta.resolve('meta.json'), """{"Name":"spec","Endpoints":{"docker":{"Host":"$host"}}}""".toString())
        DockerTestEngine.runApp(name, DockerTestEngine.V1)

        when:
        def state = new ContainerTarget(name).observe(ExecutionContext.Setting.of(dir, [DOCKER_CONFIG: config.toString()]).forCall('s', null, true))

        then:
        state.running()

        when:
        ExecutionContext.Setting.of(dir, [DOCKER_CONFIG: config.toString(), DOCKER_CONTEXT: 'missing']).with {
            new ContainerTarget(name).observe(it.forCall('s', null, true))
        }

        then:
        VerbFailure e = thrown()
        e.message.contains("Docker context 'missing' has no Docker endpoint")

        where:
        host = 'unix:///var/run/docker.sock'
    }

    def "a tag that does not exist fails clearly and leaves the running container alone"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1)

        when:
        apply(start, System.getenv(), [], [image: 'ripcord-test/app:no-such-tag'], new ContainerTarget(name))

        then:
        VerbFailure e = thrown()
        e.message.startsWith("image 'ripcord-test/app:no-such-tag' does not exist on the Docker Engine")
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'true'
        DockerTestEngine.inspect(name, '{{.Image}}') == DockerTestEngine.imageId(DockerTestEngine.V1)
    }

    def "a moved tag recreates the container with its own configuration and keeps the old one for a rollback"() {
        given: 'a container of the tag LATEST (v1), with an env var, a label and a published port'
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V1, latest])
        int port = DockerTestEngine.runApp(name, latest, ['-e', 'API_TOKEN=s3cret', '--label', 'team=ops'])
        def app = new ContainerTarget(name)

        expect:
        plan(start, app).summary().contains("nothing to do now (running on $latest")

        when: 'the tag moves to v2'
        def tagged = apply(new DockerVerbs.TagImage(), System.getenv(), [], [as: latest], DockerTestEngine.V2)

        then: 'the plan says the container will be recreated, and touches nothing'
        plan(start, app).summary().contains("recreate on $latest")
        DockerTestEngine.get(port, 'version') == 'v1'

        when: 'the service is started'
        ServiceChange change = apply(start, System.getenv(), [], app)

        then:
        tagged.previousImageId() == DockerTestEngine.imageId(DockerTestEngine.V1)
        DockerTestEngine.imageId(latest + '-ripcord-previous') == DockerTestEngine.imageId(DockerTestEngine.V1)
        change.changed()
        change.after().imageId() == DockerTestEngine.imageId(DockerTestEngine.V2)
        DockerTestEngine.get(port, 'version') == 'v2'
        DockerTestEngine.inspect(name, '{{range .Config.Env}}{{println .}}{{end}}').contains('API_TOKEN=s3cret')
        DockerTestEngine.inspect(name, '{{index .Config.Labels "team"}}') == 'ops'
        DockerTestEngine.inspect(name + '.ripcord-previous', '{{.State.Running}}') == 'false'
        change.kept().previousImageId == DockerTestEngine.imageId(DockerTestEngine.V1)
        change.kept().config.envNames.contains('API_TOKEN')
        !groovy.json.JsonOutput.toJson(start.journal(change)).contains('s3cret')

        when: 'previous() finds what it ran before this run changed it, and a rollback puts it back'
        def previous = new DockerVerbs.Previous()
        ImageRef before = apply(previous, System.getenv(), [new PastCall('startService', 'deploy', [:], change)], app)
        apply(new DockerVerbs.TagImage(), System.getenv(), [], [as: latest], before)
        apply(restart, System.getenv(), [], app)

        then:
        before.id() == DockerTestEngine.imageId(DockerTestEngine.V1)
        DockerTestEngine.get(port, 'version') == 'v1'
    }

    def "the plan of a start on an image known only at run time (previous(app) in a rollback, a tag from a command) looks up no image: it says what would decide"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1)
        def previous = new io.ripcord.plan.Deferred('rollback', 'previous')

        expect:
        plan(start, [image: previous], new ContainerTarget(name)).summary() ==
                "container $name: start on <from step 'rollback': previous>, recreated if that is not the image it runs (now running on $DockerTestEngine.V1 (${DockerTestEngine.imageId(DockerTestEngine.V1).substring(7, 19)}))"
        plan(restart, [image: previous], new ContainerTarget(name)).summary().startsWith("container $name: stop, then start on <from step 'rollback': previous>")
        plan(start, [image: "ripcord-test/app:${new io.ripcord.plan.Deferred('find', 'sh')}".toString()], new ContainerTarget(name)).summary()
                .startsWith("container $name: start on ripcord-test/app:<from step 'find': sh>, recreated if")
    }

    def "a recreation keeps anonymous volumes, and rolling back to the kept image puts that very container back"() {
        given: 'a container with an anonymous volume holding data'
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V1, latest])
        DockerTestEngine.runApp(name, latest, ['-v', '/data'])
        String originalId = DockerTestEngine.inspect(name, '{{.Id}}')
        DockerTestEngine.run(['docker', 'exec', name, '/bin/busybox', 'sh', '-c', 'echo kept > /data/f'])
        def app = new ContainerTarget(name)

        when: 'recreated on v2'
        apply(new DockerVerbs.TagImage(), System.getenv(), [], [as: latest], DockerTestEngine.V2)
        ServiceChange deployed = apply(start, System.getenv(), [], app)

        then: 'the new container sees the same volume'
        DockerTestEngine.exec(['docker', 'exec', name, '/bin/busybox', 'cat', '/data/f']).out.trim() == 'kept'

        when: 'the rollback asks for the image the kept container runs'
        ImageRef before = apply(new DockerVerbs.Previous(), System.getenv(), [new PastCall('startService', 'deploy', [:], deployed)], app)
        ServiceChange back = apply(start, System.getenv(), [], [image: before], app)

        then: 'the original container itself runs again, and v2 is the kept one'
        back.kept().putBack == true
        DockerTestEngine.inspect(name, '{{.Id}}') == originalId
        DockerTestEngine.inspect(name + '.ripcord-previous', '{{.Image}}') == DockerTestEngine.imageId(DockerTestEngine.V2)
        DockerTestEngine.exec(['docker', 'exec', name, '/bin/busybox', 'cat', '/data/f']).out.trim() == 'kept'
    }

    def "a recreation keeps the container's user-defined networks and their aliases"() {
        given: 'a container on two networks, known as "db" on the first and "cache" on the second'
        String net1 = name + '-one', net2 = name + '-two'
        [net1, net2].each { DockerTestEngine.run(['docker', 'network', 'create', it]) }
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V1, latest])
        DockerTestEngine.runApp(name, latest, ['--network', net1, '--network-alias', 'db'])
        DockerTestEngine.run(['docker', 'network', 'connect', '--alias', 'cache', net2, name])

        when:
        apply(new DockerVerbs.TagImage(), System.getenv(), [], [as: latest], DockerTestEngine.V2)
        apply(start, System.getenv(), [], new ContainerTarget(name))

        then:
        DockerTestEngine.inspect(name, '{{.Image}}') == DockerTestEngine.imageId(DockerTestEngine.V2)
        DockerTestEngine.inspect(name, "{{json (index .NetworkSettings.Networks \"$net1\").Aliases}}").contains('"db"')
        DockerTestEngine.inspect(name, "{{json (index .NetworkSettings.Networks \"$net2\").Aliases}}").contains('"cache"')

        cleanup:
        DockerTestEngine.remove(name, name + '.ripcord-previous')
        [net1, net2].each { DockerTestEngine.exec(['docker', 'network', 'rm', it]) }
    }

    def "a name left free by an interrupted recreation is repaired by the next start"() {
        given: 'the container was renamed to its kept name and nothing took its place (a crash in between)'
        DockerTestEngine.runApp(name, DockerTestEngine.V1)
        DockerTestEngine.run(['docker', 'stop', '-t', '1', name])
        DockerTestEngine.run(['docker', 'rename', name, name + '.ripcord-previous'])

        when:
        ServiceChange started = apply(start, System.getenv(), [], new ContainerTarget(name))

        then:
        started.after().running()
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'true'
        DockerTestEngine.inspect(name + '.ripcord-previous', '{{.Id}}') == null
    }

    def "previous() of a container this run did not change is what it runs now, never an older kept image"() {
        given: 'a kept container from some earlier deploy on v2, and the service on v1'
        DockerTestEngine.runApp(name, DockerTestEngine.V1)
        DockerTestEngine.run(['docker', 'create', '--name', name + '.ripcord-previous', DockerTestEngine.V2])

        when:
        ImageRef previous = apply(new DockerVerbs.Previous(), System.getenv(), [], new ContainerTarget(name))

        then:
        previous.id() == DockerTestEngine.imageId(DockerTestEngine.V1)
    }

    def "healthCheck of a container: running, and Docker's own health status when it has one"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1, ['--health-cmd', '/bin/busybox wget -q -O- http://127.0.0.1:8080/health',
                                                            '--health-interval', '1s'])
        def health = new HealthCheckVerb()

        expect:
        apply(health, System.getenv(), [], [retries: 20, interval: 500.milliseconds], new ContainerTarget(name)).healthy()

        when:
        DockerTestEngine.run(['docker', 'stop', '-t', '1', name])
        apply(health, System.getenv(), [], [retries: 0], new ContainerTarget(name))

        then:
        VerbFailure e = thrown()
        e.message.contains('not running (stopped')
    }
}
