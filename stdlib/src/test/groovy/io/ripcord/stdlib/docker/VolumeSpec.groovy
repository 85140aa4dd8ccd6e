package io.ripcord.stdlib.docker

import io.ripcord.problem.ProblemCode
import io.ripcord.stdlib.VerbContexts
import io.ripcord.stdlib.backup.Artifact
import io.ripcord.stdlib.backup.BackupVerb
import io.ripcord.stdlib.backup.LastBackupVerb
import io.ripcord.stdlib.backup.RestoreVerb
import io.ripcord.verb.VerbFailure
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/** volume('NAME') against a real Docker Engine: backed up from its mountpoint, restored in place, refused while a running container uses it. */
@IgnoreIf(value = { !System.getenv('CI') && !DockerTestEngine.available() }, reason = 'no Docker Engine (bin/test starts one as root)')
class VolumeSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-volume')
    String volume = 'rc-volume-' + UUID.randomUUID().toString().substring(0, 8)
    String container = volume + '-app'
    def output = new VerbContexts.RecordedOutput()
    def catalog = new VerbContexts.MemoryCatalog()
    def ctx = VerbContexts.context(dir, catalog, output)
    BackupVerb backup = new BackupVerb()
    RestoreVerb restore = new RestoreVerb()
    Path mountpoint

    def setupSpec() {
        DockerTestEngine.ensureImages()
    }

    def setup() {
        DockerTestEngine.run(['docker', 'volume', 'create', volume])
        mountpoint = Path.of(DockerTestEngine.exec(['docker', 'volume', 'inspect', '--format', '{{.Mountpoint}}', volume]).out.trim())
        Files.createDirectories(mountpoint.resolve('uploads'))
        Files.writeString(mountpoint.resolve('uploads/a.txt'), 'first version\n')
    }

    def cleanup() {
        DockerTestEngine.remove(container)
        DockerTestEngine.exec(['docker', 'volume', 'rm', '-f', volume])
        dir.toFile().deleteDir()
    }

    static String sha(Path file) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }

    Artifact backupOfVolume() {
        backup.apply(VerbContexts.call(backup, [to: 'backups'], new VolumeTarget(volume)), ctx) as Artifact
    }

    def "a volume is backed up from the mountpoint the Engine names, and its backups are the volume's, found by lastBackup"() {
        when:
        def artifact = backupOfVolume()
        def last = new LastBackupVerb().value(VerbContexts.call(new LastBackupVerb(), new VolumeTarget(volume)), ctx) as Artifact

        then:
        artifact.id().startsWith(volume + '-')
        artifact.source().id() == "volume:$volume".toString()
        artifact.manifest().source.volume == volume
        artifact.manifest().source.path == mountpoint.toString()
        last.id() == artifact.id()
    }

    def "a restore while a running container uses the volume is refused, naming the container; nothing changes"() {
        given:
        def artifact = backupOfVolume()
        Files.writeString(mountpoint.resolve('uploads/a.txt'), 'second version\n')
        DockerTestEngine.runApp(container, DockerTestEngine.V1, ['-v', "$volume:/data".toString()])

        when:
        restore.apply(VerbContexts.call(restore, artifact), ctx)

        then:
        def e = thrown(VerbFailure)
        e.code() == ProblemCode.TARGET_HELD
        e.message.contains("container $container (mounts it at /data)")
        Files.readString(mountpoint.resolve('uploads/a.txt')) == 'second version\n'
    }

    def "a restore after the container stopped goes in place: the same volume, the same directory, the backed-up content"() {
        given:
        def artifact = backupOfVolume()
        Files.writeString(mountpoint.resolve('uploads/a.txt'), 'second version\n')
        Files.writeString(mountpoint.resolve('uploads/new.txt'), 'not in the backup\n')
        DockerTestEngine.runApp(container, DockerTestEngine.V1, ['-v', "$volume:/data".toString()])
        DockerTestEngine.run(['docker', 'stop', '-t', '1', container])
        def inode = Files.getAttribute(mountpoint, 'unix:ino')

        when:
        restore.apply(VerbContexts.call(restore, artifact), ctx)
        DockerTestEngine.run(['docker', 'start', container])
        def seen = DockerTestEngine.exec(['docker', 'exec', container, '/bin/busybox', 'cat', '/data/uploads/a.txt'])

        then:
        Files.getAttribute(mountpoint, 'unix:ino') == inode
        Files.readString(mountpoint.resolve('uploads/a.txt')) == 'first version\n'
        !Files.exists(mountpoint.resolve('uploads/new.txt'))
        seen.out == 'first version\n'
    }

    def "a volume that does not exist is TARGET_MISSING, saying how volumes are named"() {
        when:
        backup.apply(VerbContexts.call(backup, [to: 'backups'], new VolumeTarget(volume + '-missing')), ctx)

        then:
        def e = thrown(VerbFailure)
        e.code() == ProblemCode.TARGET_MISSING
        e.message.startsWith("volume ${volume}-missing does not exist on the Docker Engine at unix://".toString())
        e.next().contains('docker volume ls')
        !Files.exists(dir.resolve('backups'))
    }
}
