package io.ripcord.cli

import io.ripcord.stdlib.backup.RootOnly
import io.ripcord.stdlib.repository.S3TestEngine
import io.ripcord.stdlib.repository.s3.S3StoreSeam
import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.S3RepositorySpec.tree

/**
 * An upload that the repository fails half-way, through the real command line against the real servers: a full
 * remote disk (OpenSSH's sshd writing to a 2 MiB tmpfs; a second S3Proxy whose filesystem backend is one), a
 * multipart upload aborted by someone else between its parts, and parts smaller than the store's minimum. Each is
 * one clear error naming the repository and what to do, no stack trace; the local backups are all there byte for
 * byte, retention did not run (neither locally nor in the repository), and the repository lists only what it held.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(S3TestEngine.available() && SshdEngine.available() && RootOnly.canMount()) },
        reason = 'needs S3Proxy, sshd (bin/engines/s3proxy.sh, sshd.sh) and root to mount a small tmpfs')
class OffsiteFailureSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-offsite-failure')
    Path home = SshdEngine.userHome(dir.resolve('user-home'))
    List<Path> mounts = []
    Process secondProxy

    def cleanup() {
        S3StoreSeam.clear()
        secondProxy?.destroyForcibly()?.waitFor()
        mounts.each { RootOnly.unmount(it) }
        dir.toFile().deleteDir()
    }

    Map<String, String> env(String ripcordHome = 'home', Map<String, String> extra = [:]) {
        [PATH: System.getenv('PATH'), HOME: home.toString(), RIPCORD_HOME: dir.resolve(ripcordHome).toString()] + S3TestEngine.env() + extra
    }

    /** big.bin of size random bytes (incompressible: what lands in the repository is that size). */
    void bigFile(long size, long seed) {
        byte[] chunk = new byte[1 << 16]
        Random random = new Random(seed)
        Files.newOutputStream(dir.resolve('big.bin')).withCloseable { out ->
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk)
                out.write(chunk, 0, (int) Math.min(chunk.length, left))
            }
        }
    }

    CliHarness.Result ship(String repo, Map<String, String> environment = env()) {
        Path file = dir.resolve('ship.groovy')
        Files.writeString(file, """\
            runbook 'offsite/failure-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def big = file 'big.bin'
                step 'back up', { backup big, to: ['backups', '$repo'], compress: 'none', keep: 1 }
            }
            """.stripIndent())
        ripcord(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: environment)
    }

    /** The ids `backups --repo` lists from a fresh home: what the repository holds as complete. */
    List<String> listed(String repo, Map<String, String> environment = env('fresh')) {
        def r = ripcord(['backups', '--repo', repo, '--json'] as String[], cwd: dir, env: environment)
        assert r.exit == 0: r.all
        new groovy.json.JsonSlurper().parseText(r.out).backups*.id.sort()
    }

    List<String> localIds() {
        Files.list(dir.resolve('backups')).withCloseable { s ->
            s.collect { it.fileName.toString() }.findAll { it.endsWith('.bin') }.collect { it - '.bin' }.sort()
        }
    }

    /** A first, small backup shipped whole: what a failed upload must leave as it was, and retention must not delete. */
    String shipFirst(String repo, Map<String, String> environment = env()) {
        bigFile(200_000, 1)
        def first = ship(repo, environment)
        assert first.exit == 0: first.all
        localIds()[0]
    }

    /** A new bucket whose repository holds one backup: [bucket, repository, that backup's id, the local backups then]. */
    List s3WithOne(String name) {
        String bucket = S3TestEngine.freshBucket(name)
        String repo = "s3://$bucket/app"
        String first = shipFirst(repo)
        [bucket, repo, first, tree(dir.resolve('backups'))]
    }

    void commonAftermath(CliHarness.Result r, String repo, String first, Map<String, String> localBefore,
                         Map<String, String> listing = env('fresh'), String listedRepo = repo) {
        assert !r.all.contains('\tat ')
        assert !(r.all =~ /\b\w+Exception\b/): r.all
        assert (r.all =~ /\b\w+Error\b/).every { it == 'InternalError' }: r.all // S3's error code, no class
        assert r.err.readLines().count { it.startsWith('error[') } == 1
        assert r.err.readLines().find { it.startsWith('error[') }.contains(repo)
        // the first local backup byte for byte, the new one beside it: nothing local deleted, retention (keep: 1) did not run
        assert tree(dir.resolve('backups')).subMap(localBefore.keySet()) == localBefore
        assert localIds().size() == 2
        // the repository lists the first backup only: not the failed one, and retention there did not run either
        assert listed(listedRepo, listing) == [first]
    }

    def "a full remote disk on the SFTP server is DISK_FULL naming the repository, its partial upload removed; nothing local lost, no retention"() {
        given: 'an SFTP repository on a 2 MiB filesystem holding one backup'
        def (Path remoteDir, url) = SshdEngine.repository('full')
        String repo = url.toString()
        RootOnly.mountTmpfs(remoteDir, '2m')
        mounts << remoteDir
        SshdEngine.chown(remoteDir)
        String first = shipFirst(repo)
        Map<String, String> localBefore = tree(dir.resolve('backups'))
        List<String> remoteBefore = remoteDir.toFile().list().sort()

        when: 'a backup of 3 MB is shipped there'
        bigFile(3_000_000, 2)
        def r = ship(repo)

        then:
        r.exit == 73
        r.err.contains('error[DISK_FULL]')
        r.err =~ /cannot copy [^ ]+ to \Q$repo\E: \Q$repo\E: the server's disk is full \(\d+ bytes free, [^ ]+\.bin needs 3000000\); the partial upload was removed/
        r.err.contains("next: free space on ${SshdEngine.HOST} (df -h $remoteDir), or ship to another repository; nothing local was changed")
        commonAftermath(r, repo, first, localBefore)
        remoteDir.toFile().list().sort() == remoteBefore
    }

    def "an SFTP repository that refuses (#problem) fails the step naming it, with what to do; nothing local lost, no retention"() {
        given: 'one backup shipped to the repository, then the way in broken'
        def (Path remoteDir, url) = SshdEngine.repository('refused')
        String good = url.toString()
        String first = shipFirst(good)
        Map<String, String> localBefore = tree(dir.resolve('backups'))
        String repo = target.call(good)
        breakIt.call(home)

        when:
        bigFile(300_000, 2)
        def r = ship(repo)

        then:
        r.exit == 69
        r.err.contains('error[REPOSITORY_UNAVAILABLE]')
        r.err.contains(said)
        r.err.readLines().any { it.startsWith('  next: ') && it.endsWith('; nothing local was changed') }
        and: 'what the repository held is still all it lists, read with the way in that works'
        SshdEngine.userHome(Files.createDirectories(dir.resolve('good-home')).resolve('u'))
        commonAftermath(r, repo, first, localBefore, env('fresh') + [HOME: dir.resolve('good-home/u').toString()], good)
        remoteDir.toFile().list().size() == 2

        where:
        problem                   | target                                                | breakIt                                           || said
        'a key it does not take'  | { String u -> u }                                     | { Path h -> newKey(h.resolve('.ssh/id_ed25519')) } || 'the server refused '
        'a changed host key'      | { String u -> u }                                     | { Path h -> otherHostKey(h) }                      || "the server's host key CHANGED — it presented ssh-ed25519 key SHA256:"
        'a missing directory'     | { String u -> u + '/not-there' }                      | { Path h -> }                                      || 'not-there does not exist on 127.0.0.1'
        'a closed port'           | { String u -> u.replace(":${SshdEngine.PORT}/", ':1/') } | { Path h -> }                                   || ' (connection refused)'
    }

    /** Replaces the private key at file with a new one the server has never seen. */
    static void newKey(Path file) {
        Files.delete(file)
        Files.deleteIfExists(file.resolveSibling(file.fileName.toString() + '.pub'))
        def p = ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', file.toString()].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
    }

    /** known_hosts naming the server with another host key (as after a reinstall, or a machine in the middle). */
    static void otherHostKey(Path home) {
        Path other = home.resolve('other_host_key')
        def p = ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', other.toString()].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
        String pub = Files.readString(other.resolveSibling('other_host_key.pub')).trim().split(' ')[0..1].join(' ')
        Files.writeString(home.resolve('.ssh/known_hosts'), "[${SshdEngine.HOST}]:${SshdEngine.PORT} $pub\n")
    }

    def "a full disk under S3Proxy's filesystem backend fails the upload with the store named and free space as what to check; nothing local lost, no retention"() {
        given: 'a second S3Proxy whose data is on a 2 MiB filesystem, its bucket holding one backup'
        Path base = Files.createDirectories(dir.resolve('s3-full'))
        Files.createDirectories(base.resolve('data'))
        RootOnly.mountTmpfs(base.resolve('data'), '2m')
        mounts << base.resolve('data')
        def (Process proxy, String endpoint) = S3TestEngine.startSecond(base)
        secondProxy = proxy
        assert S3TestEngine.awsAt(endpoint, 's3', 'mb', 's3://full').exit == 0
        String repo = 's3://full/app'
        Map<String, String> at = env('home', [AWS_ENDPOINT_URL: endpoint])
        String first = shipFirst(repo, at)
        Map<String, String> localBefore = tree(dir.resolve('backups'))

        when: 'a backup of 3 MB is shipped there'
        bigFile(3_000_000, 2)
        def r = ship(repo, at)

        then:
        r.exit == 69
        r.err.contains('error[REPOSITORY_UNAVAILABLE]')
        r.err.contains("to $repo: cannot upload ")
        r.err.contains("in $repo (at $endpoint): the store failed the request (500 InternalError) after retries: An internal error occurred. Try again; nothing was stored at ")
        r.err.contains("next: check the store's logs and its free space (a self-hosted store with a full disk answers so), then resume; nothing local was changed")
        commonAftermath(r, repo, first, localBefore, env('fresh', [AWS_ENDPOINT_URL: endpoint]))
    }

    def "a multipart upload aborted by another client between its parts fails clearly; nothing is listed, nothing local lost, no retention"() {
        given: 'an S3 repository holding one backup'
        def (String bucket, String repo, String first, Map<String, String> localBefore) = s3WithOne('aborted')
        and: 'uploads in parts of 5 MiB; once the first part is stored, awscli aborts the upload'
        List<Integer> aborts = []
        S3StoreSeam.set(5L << 20) { String key, String uploadId, int number ->
            if (number == 1) {
                aborts << S3TestEngine.aws('s3api', 'abort-multipart-upload', '--bucket', bucket, '--key', key, '--upload-id', uploadId).exit
            }
        }

        when: 'a backup of 12 MiB is shipped there'
        bigFile(12L << 20, 2)
        def r = ship(repo)

        then:
        aborts == [0]
        r.exit == 69
        r.err.contains('error[REPOSITORY_UNAVAILABLE]')
        r.err.contains(": the store no longer has its multipart upload (404 NoSuchUpload): it was aborted or expired there before it"
                + " completed (a lifecycle rule that aborts incomplete uploads, or another client); nothing was stored under that name")
        r.err.contains("next: run it again (resume): the upload starts over; if it repeats, check the bucket's lifecycle rules"
                + " (AbortIncompleteMultipartUpload) and who else aborts uploads there; nothing local was changed")
        commonAftermath(r, repo, first, localBefore)

        when: 'the run is resumed with nothing aborting it'
        S3StoreSeam.clear()
        String runId = S3RepositorySpec.sqlite3Out(dir.resolve('home/journal.db'), "SELECT id FROM runs WHERE state = 'FAILED'")
        def resumed = ripcord(['resume', runId] as String[], cwd: dir, env: env())

        then: 'the upload starts over and completes; retention then runs'
        resumed.exit == 0
        listed(repo).size() == 1
        listed(repo) != [first]
    }

    def "parts smaller than the store's minimum are refused as such (EntityTooSmall); nothing is listed, nothing local lost, no retention"() {
        given: 'an S3 repository holding one backup, and uploads in parts of 1 MiB (S3Proxy, as S3, wants 5 MiB but for the last)'
        def (String bucket, String repo, String first, Map<String, String> localBefore) = s3WithOne('small-parts')
        S3StoreSeam.set(1L << 20) { String key, String uploadId, int number -> }

        when: 'a backup of 3 MiB is shipped there'
        bigFile(3L << 20, 2)
        def r = ship(repo)

        then:
        r.exit == 69
        r.err.contains('error[REPOSITORY_UNAVAILABLE]')
        r.err.contains(": the store refused its parts of 1 MB as smaller than its minimum part size (400 EntityTooSmall); nothing was stored")
        r.err.contains('next: this store wants bigger parts than Ripcord sends (S3\'s minimum is 5 MB, Ripcord sends 16 MB):'
                + ' check the store\'s multipart settings, or ship to another repository; nothing local was changed')
        commonAftermath(r, repo, first, localBefore)
        and: 'the refused upload was aborted: no parts are left in the store'
        !S3TestEngine.aws('s3api', 'list-multipart-uploads', '--bucket', bucket).out.contains('UploadId')
    }
}
