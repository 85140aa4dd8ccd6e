package io.ripcord.cli

import io.ripcord.stdlib.repository.S3TestEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcordProcess
import static io.ripcord.cli.CliHarness.startProcess

/**
 * What only a separate process shows about offsite copies: a kill -9 in the middle of an upload leaves nothing a
 * repository lists as a backup (the next copy sweeps what it left), and runs without an s3:// repository never load
 * the AWS SDK (class-load log).
 */
class OffsiteProcessSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-offsite-process')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Map<String, String> env(Map<String, String> extra = [:]) {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()] + S3TestEngine.env() + extra
    }

    Path runbook(String name, String body) {
        Path file = dir.resolve("${name}.groovy")
        Files.writeString(file, """\
            runbook 'offsite-process/${name}-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def big = file 'big.bin'
                ${body}
            }
            """.stripIndent())
        file
    }

    static List<String> loadedClasses(Path log) {
        Files.readAllLines(log).findAll { it.contains('source:') }.collect { it.replaceFirst(/.*\] /, '').split(' ')[0] }
    }

    def "a plan and a run without a remote repository load no class of the AWS SDK or of the S3 store"() {
        given:
        Files.write(dir.resolve('big.bin'), new byte[1000])
        Path file = runbook('local', "step 'back up', { backup big, to: 'backups' }")
        Path planLog = dir.resolve('plan-classes.log')
        Path runLog = dir.resolve('run-classes.log')

        when:
        def plan = ripcordProcess(['plan', file.toString()] as String[], cwd: dir, env: env(JAVA_TOOL_OPTIONS: "-Xlog:class+load=info:file=$planLog"))
        def run = ripcordProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env(JAVA_TOOL_OPTIONS: "-Xlog:class+load=info:file=$runLog"))

        then:
        plan.exit == 0
        run.exit == 0
        loadedClasses(planLog).contains('io.ripcord.stdlib.backup.BackupVerb') // the log is the real thing
        loadedClasses(runLog).contains('io.ripcord.stdlib.backup.BackupVerb')
        remoteStoreClasses(planLog) == []
        remoteStoreClasses(runLog) == []
    }

    static List<String> remoteStoreClasses(Path log) {
        loadedClasses(log).findAll { it.startsWith('software.amazon.awssdk.') || it.startsWith('io.ripcord.stdlib.repository.s3.') }
    }

    @IgnoreIf(value = { !System.getenv('CI') && !S3TestEngine.available() }, reason = 'no S3Proxy (bin/engines/s3proxy.sh starts one)')
    def "kill -9 in the middle of an upload leaves nothing backups --repo lists; the next copy sweeps what it left"() {
        given: 'a 96 MiB file, shipped in 16 MiB parts'
        String bucket = S3TestEngine.freshBucket('killed')
        String repo = "s3://$bucket/app"
        byte[] chunk = new byte[1 << 20]
        new Random(7).nextBytes(chunk)
        Files.newOutputStream(dir.resolve('big.bin')).withCloseable { out -> 96.times { out.write(chunk) } }
        Path file = runbook('ship', "step 'back up', { backup big, to: ['backups', '$repo'], compress: 'none' }")
        Path bucketDir = S3TestEngine.DATA.resolve(bucket)

        when: 'the run is killed once S3Proxy holds a part of the upload'
        def running = startProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env())
        boolean sawPart = false
        long deadline = System.currentTimeMillis() + 60_000
        while (!sawPart && running.process.alive && System.currentTimeMillis() < deadline) {
            sawPart = Files.list(bucketDir).withCloseable { s -> s.toList() }.any { d ->
                d.fileName.toString().startsWith('.mpus-') && Files.list(d).withCloseable { p -> p.count() } >= 2
            }
            if (!sawPart) {
                Thread.sleep(20)
            }
        }
        running.signal('KILL')
        def killed = running.finish()
        def listed = ripcordProcess(['backups', '--repo', repo] as String[], cwd: dir, env: env())

        then:
        sawPart
        killed.exit == 137
        listed.exit == 0
        listed.out.trim() == "No backups in $repo."

        when: 'the next run copies again'
        def again = ripcordProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env())

        then:
        again.exit == 0
        again.out.contains("removed 1 incomplete upload(s) an interrupted copy left in $repo")
        ripcordProcess(['backups', '--repo', repo] as String[], cwd: dir, env: env()).out.readLines().size() == 2
        !S3TestEngine.aws('s3api', 'list-multipart-uploads', '--bucket', bucket).out.contains('UploadId')
    }
}
