package io.ripcord.stdlib.docker

import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.backup.Artifact
import io.ripcord.stdlib.backup.BackupVerb
import io.ripcord.stdlib.backup.RestoreVerb
import io.ripcord.stdlib.backup.VerifyVerb
import io.ripcord.verb.StageLog
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption

import static io.ripcord.stdlib.VerbContexts.call

/** backup / verify / restore of image('name:tag') through docker save and docker load on a real engine. */
@IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
class ImageBackupSpec extends Specification {

    @TempDir Path dir
    String tag = 'ripcord-test/app:img-' + UUID.randomUUID().toString().substring(0, 8)
    VerbContexts.MemoryCatalog catalog = new VerbContexts.MemoryCatalog()
    def ctx
    BackupVerb backup = new BackupVerb()
    VerifyVerb verify = new VerifyVerb()
    RestoreVerb restore = new RestoreVerb()

    def setup() {
        DockerTestEngine.ensureImages()
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V1, tag])
        ctx = VerbContexts.context(dir, catalog)
    }

    def cleanup() {
        DockerTestEngine.exec(['docker', 'rmi', tag, tag + '-ripcord-previous'])
    }

    Artifact backUp() {
        backup.apply(call(backup, [to: 'backups'], new ImageTarget(tag)), ctx) as Artifact
    }

    def "an image is saved, verified to its last layer, and loaded back after it was removed"() {
        when:
        Artifact artifact = backUp()
        def verified = verify.apply(call(verify, artifact), ctx)
        DockerTestEngine.run(['docker', 'rmi', tag])
        def restored = restore.apply(call(restore, artifact), ctx) as RestoreVerb.Restored

        then:
        artifact.file().fileName.toString().endsWith('.tar.gz')
        verified.checks().any { it.startsWith("docker save archive of $tag: manifest.json and all") }
        DockerTestEngine.imageId(tag) == DockerTestEngine.imageId(DockerTestEngine.V1)
        restored.dataAsOf() == artifact.created()
    }

    def "restoring over a tag that moved keeps the image it pointed to as -ripcord-previous, through restore's stages"() {
        given:
        Artifact artifact = backUp()
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V2, tag])
        List<List> stages = []

        when:
        restore.apply(call(restore, artifact), ctx.withStages({ stage, outcome, ms -> stages << [stage, outcome] } as StageLog))

        then: 'the same stages as a file restore: the kept tag is its safety, docker load its replace'
        stages == ['match', 'stage', 'guard', 'safety', 'replace', 'sweep'].collect { [it, 'done'] }
        DockerTestEngine.imageId(tag) == DockerTestEngine.imageId(DockerTestEngine.V1)
        DockerTestEngine.imageId(tag + '-ripcord-previous') == DockerTestEngine.imageId(DockerTestEngine.V2)
    }

    def "a truncated image archive fails verify, and restore refuses it without loading anything"() {
        given:
        Artifact artifact = backUp()
        FileChannel.open(artifact.file(), StandardOpenOption.WRITE).withCloseable { it.truncate(it.size().intdiv(2)) }
        DockerTestEngine.run(['docker', 'tag', DockerTestEngine.V2, tag])

        when:
        verify.apply(call(verify, artifact), ctx)

        then:
        VerbFailure bad = thrown()
        bad.message.contains('truncated')

        when:
        restore.apply(call(restore, artifact), ctx)

        then:
        VerbFailure refused = thrown()
        refused.message.startsWith('match: refusing to restore:')
        refused.message.contains('a backup that failed verify is never restored')
        refused.message.endsWith(' was not touched')
        DockerTestEngine.imageId(tag) == DockerTestEngine.imageId(DockerTestEngine.V2)
    }
}
