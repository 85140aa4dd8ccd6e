package io.ripcord.stdlib.docker

import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.backup.Artifact
import io.ripcord.stdlib.backup.BackupTarget
import io.ripcord.stdlib.backup.BackupVerb
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/** backup ..., quiesce: container(...) against a real Docker Engine: the container is stopped for the copy and started again. */
@IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
class QuiesceContainerSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-quiesce')
    String name = 'rc-quiesce-' + UUID.randomUUID().toString().substring(0, 8)
    def output = new VerbContexts.RecordedOutput()
    def ctx = VerbContexts.context(dir, new VerbContexts.MemoryCatalog(), output)
    BackupVerb backup = new BackupVerb()

    def setupSpec() {
        DockerTestEngine.ensureImages()
    }

    def setup() {
        Files.createDirectories(dir.resolve('volume'))
        Files.writeString(dir.resolve('volume/collection.bson'), 'documents')
    }

    def cleanup() {
        DockerTestEngine.remove(name)
        dir.toFile().deleteDir()
    }

    def "a running container is stopped for the copy and running again afterwards, a new start recorded by the engine"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1)
        String startedBefore = DockerTestEngine.inspect(name, '{{.State.StartedAt}}')

        when:
        def artifact = backup.apply(VerbContexts.call(backup, [to: 'backups', quiesce: new ContainerTarget(name)],
                new BackupTarget.Dir(dir.resolve('volume'))), ctx) as Artifact

        then:
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'true'
        DockerTestEngine.inspect(name, '{{.State.StartedAt}}') != startedBefore
        artifact.manifest().quiesced == ["container $name".toString()]
        output.lines.contains("info: stopped container $name for the copy".toString())
    }

    def "a stopped container is left stopped"() {
        given:
        DockerTestEngine.runApp(name, DockerTestEngine.V1)
        DockerTestEngine.run(['docker', 'stop', '-t', '1', name])

        when:
        backup.apply(VerbContexts.call(backup, [to: 'backups', quiesce: [new ContainerTarget(name)]],
                new BackupTarget.Dir(dir.resolve('volume'))), ctx)

        then:
        DockerTestEngine.inspect(name, '{{.State.Running}}') == 'false'
        !output.lines.any { it.contains('stopped container') }
    }
}
