package io.ripcord.stdlib.repository.sftp

import io.ripcord.problem.ProblemCode
import io.ripcord.stdlib.backup.RootOnly
import io.ripcord.stdlib.repository.ObjectStore
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * SftpStore against OpenSSH's sshd on loopback, with OpenSSH's own sftp client as the oracle: each reads what the
 * other wrote; host keys are enforced; a put is refused whole or committed whole, even when its writer is killed.
 */
@IgnoreIf(value = { !System.getenv('CI') && !SshdEngine.available() }, reason = 'no sshd (bin/engines/sshd.sh starts one)')
class SftpStoreSpec extends Specification {

    @TempDir
    Path local

    def "OpenSSH's sftp reads back exactly what SftpStore put, under nested keys too"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('oracle-get')
        Path artifact = randomFile('db.sqlite.gz', 300_000)
        Path fetched = local.resolve('fetched')

        when:
        SftpStore.open(url, SshdEngine.options()).withCloseable { store ->
            store.put('app/db-1.sqlite.gz', artifact, checksums(artifact))
            store.put('top.json', artifact, checksums(artifact))
        }
        def (int exit, String out) = SshdEngine.sftp(["get $dir/app/db-1.sqlite.gz $fetched"])

        then:
        exit == 0
        sha256(fetched) == sha256(artifact)
        // nothing but the committed objects is left on the server
        Files.walk(dir).withCloseable { w -> w.filter { Files.isRegularFile(it) }.map { dir.relativize(it).toString() }.sorted().toList() } ==
                ['app/db-1.sqlite.gz', 'top.json']
    }

    def "SftpStore reads, stats and lists what OpenSSH's sftp uploaded"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('oracle-put')
        Path artifact = randomFile('upload.tar.zst', 200_001)
        assert SshdEngine.sftp(["put $artifact $dir/upload.tar.zst", "mkdir $dir/sub", "put $artifact $dir/sub/b"])[0] == 0

        when:
        ObjectStore store = SftpStore.open(url, SshdEngine.options())
        Path read = local.resolve('read')
        store.open('upload.tar.zst').withCloseable { Files.copy(it, read) }
        def listed = store.list('')

        then:
        sha256(read) == sha256(artifact)
        listed*.key == ['sub/b', 'upload.tar.zst']
        listed*.size == [200_001L, 200_001L]
        store.list('sub/')*.key == ['sub/b']
        store.stat('upload.tar.zst').get().size() == 200_001L
        store.stat('nothing-here').isEmpty()
        store.list('nothing')*.key == []
        store.describe() == "sftp://${SshdEngine.USER}@${SshdEngine.HOST}:${SshdEngine.PORT}$dir"

        cleanup:
        store?.close()
    }

    def "the session with OpenSSH runs on AES-CTR both ways, and 8 MiB go up and back byte for byte, checked as sent"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('cipher')
        Path artifact = randomFile('big.bin', (8 << 20) + 3)
        def said = Collections.synchronizedList([])
        def before = com.jcraft.jsch.JSch.getLogger()
        com.jcraft.jsch.JSch.setLogger(new com.jcraft.jsch.Logger() {
            boolean isEnabled(int level) { level == com.jcraft.jsch.Logger.INFO }

            void log(int level, String message) { said << message }
        })

        when:
        def written = null
        Path back = local.resolve('back.bin')
        SftpStore.open(url, SshdEngine.options()).withCloseable { store ->
            written = store.putChecked('big.bin', artifact, Files.size(artifact), sha256(artifact))
            store.open('big.bin').withCloseable { Files.copy(it, back) }
        }

        then: 'not JSch\'s first choice, AES-GCM, which JDK 17 runs mostly as Java code'
        said.findAll { it.startsWith('kex: ') && it.contains(' cipher: ') }.collect { it.replaceAll(/ MAC: .*/, '') }.sort() ==
                ['kex: client->server cipher: aes128-ctr', 'kex: server->client cipher: aes128-ctr']
        written.sha256Hex() == sha256(artifact)
        sha256(back) == sha256(artifact)

        cleanup:
        com.jcraft.jsch.JSch.setLogger(before)
    }

    def "reading a key the repository does not hold is BACKUP_MISSING"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('missing-key')
        ObjectStore store = SftpStore.open(url, SshdEngine.options())

        when:
        store.open('db-1.sqlite.gz')

        then:
        SftpFailure e = thrown()
        e.code() == ProblemCode.BACKUP_MISSING
        e.message == "$url: cannot read db-1.sqlite.gz: no such file on the server"

        cleanup:
        store?.close()
    }

    def "a put never replaces an existing key, and a changed source is not committed"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('no-replace')
        Path first = randomFile('first', 1000)
        Path second = randomFile('second', 2000)
        ObjectStore store = SftpStore.open(url, SshdEngine.options())
        store.put('a.gz', first, checksums(first))

        when:
        store.put('a.gz', second, checksums(second))

        then:
        SftpFailure replaced = thrown()
        replaced.message == "$url already holds a.gz; an artifact is never replaced"
        replaced.code() == ProblemCode.DESTINATION_NOT_WRITABLE
        sha256(dir.resolve('a.gz')) == sha256(first)

        when: 'the bytes read are not the ones the caller hashed'
        store.put('b.gz', second, checksums(first))

        then:
        SftpFailure changed = thrown()
        changed.message.contains('its SHA-256 changed while it was read')
        store.list('')*.key == ['a.gz']
        Files.list(dir).withCloseable { it.map { it.fileName.toString() }.sorted().toList() } == ['a.gz']

        cleanup:
        store?.close()
    }

    def "a host key that is #state is refused with its SHA256 fingerprint and what to do"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('host-key')
        Path knownHosts = local.resolve('known_hosts')
        String text = content(local)
        if (text != null) {
            Files.writeString(knownHosts, text)
        }

        when:
        SftpStore.open(url, SshdEngine.options().withKnownHosts(knownHosts))

        then:
        SftpFailure e = thrown()
        e.message == "refusing $url: the server's host key $words — it presented ssh-ed25519 key ${SshdEngine.hostFingerprint()}, " +
                "${explanation.replace('FILE', knownHosts.toString())}"
        e.next().contains("ssh-keyscan -p ${SshdEngine.PORT} ${SshdEngine.HOST} >> $knownHosts")
        e.code() == ProblemCode.ENGINE_UNAVAILABLE

        where:
        state     | content                                              | words           | explanation
        'unknown' | { Path d -> '' }                                     | 'is not known'  | "and FILE has no key for [127.0.0.1]:18322"
        'unknown, with no known_hosts file' | { Path d -> null }          | 'is not known'  | "and FILE has no key for [127.0.0.1]:18322"
        'changed' | { Path d -> "[127.0.0.1]:18322 ${otherHostKey(d)}\n" } | 'CHANGED'      | "but FILE holds another key for [127.0.0.1]:18322 (a reinstalled server, or someone in between)"
    }

    def "a connection is accepted with #how"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('accepted')
        Path knownHosts = local.resolve('known_hosts')
        Files.copy(SshdEngine.KNOWN_HOSTS, knownHosts)
        if (hashed) {
            def p = new ProcessBuilder('ssh-keygen', '-H', '-f', knownHosts.toString()).redirectErrorStream(true).start()
            p.inputStream.text
            assert p.waitFor() == 0
            assert !Files.readString(knownHosts).contains('127.0.0.1') // really hashed
        }
        Process agentProcess = null
        Path socket = local.resolve('agent.sock')
        if (agent) { // an agent of the spec's own, holding only the test key; no key file is given
            agentProcess = new ProcessBuilder('ssh-agent', '-D', '-a', socket.toString()).redirectErrorStream(true).start()
            waitFor(10_000) { Files.exists(socket) }
            def add = new ProcessBuilder('ssh-add', SshdEngine.KEY.toString()).redirectErrorStream(true)
            add.environment().SSH_AUTH_SOCK = socket.toString()
            def added = add.start()
            added.inputStream.text
            assert added.waitFor() == 0
        }
        SftpOptions options = agent ? new SftpOptions(null, [], socket, knownHosts, java.time.Duration.ofSeconds(10))
                : keyFile ? new SftpOptions(null, [SshdEngine.KEY], knownHosts, java.time.Duration.ofSeconds(10))
                : SshdEngine.options().withKnownHosts(knownHosts)

        when:
        ObjectStore store = SftpStore.open(url, options)

        then:
        store.list('') == []

        cleanup:
        store?.close()
        agentProcess?.destroy()
        agentProcess?.waitFor() // the agent removes its socket as it exits: done before the temp directory is deleted, not during

        where:
        how                                          | hashed | keyFile | agent
        'a key file and a plain known_hosts entry'   | false  | true    | false
        'a hashed known_hosts entry (ssh-keygen -H)' | true   | false   | false
        "the SSH agent's key and no key file"        | false  | false   | true
    }

    def "a failure is reported by a verb with its problem code and next step"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('verb')

        when:
        SftpStore.open(SftpUrl.parse(url.toString() + '/missing'), SshdEngine.options())

        then:
        SftpFailure e = thrown()
        with(e.toVerbFailure()) {
            code() == ProblemCode.DESTINATION_NOT_WRITABLE
            message == "$url/missing: the directory $dir/missing does not exist on ${SshdEngine.HOST}"
            next() == "create it on the server (ssh -p ${SshdEngine.PORT} ${SshdEngine.USER}@${SshdEngine.HOST} mkdir -p $dir/missing), or fix the repository URL"
        }
    }

    def "#problem is a clear error naming the repository"() {
        given:
        def (Path dir, SftpUrl good) = SshdEngine.repository('errors')
        SftpUrl url = SftpUrl.parse(urlFor(good))

        when:
        SftpStore.open(url, options(SshdEngine.options(), local))

        then:
        SftpFailure e = thrown()
        e.message == message.replace('URL', url.toString()).replace('PATH', url.path())
        e.code() == code

        where:
        problem                | urlFor                                             | options                                        || code                                 | message
        'a wrong key'          | { SftpUrl u -> u.toString() }                      | { o, d -> o.withIdentity(newKey(d)) }          || ProblemCode.ENGINE_UNAVAILABLE       | "URL: the server refused the key from identity: for user ${SshdEngine.USER}"
        'a missing directory'  | { SftpUrl u -> u.toString() + '/not-there' }       | { o, d -> o }                                  || ProblemCode.DESTINATION_NOT_WRITABLE | "URL: the directory PATH does not exist on ${SshdEngine.HOST}"
        'a closed port'        | { SftpUrl u -> "sftp://${u.user()}@127.0.0.1:1${u.path()}" } | { o, d -> o }                        || ProblemCode.ENGINE_UNAVAILABLE       | 'cannot reach URL (connection refused)'
    }

    @IgnoreIf(value = { !RootOnly.canMount() }, reason = 'mounting a small tmpfs needs root')
    def "a full remote disk is DISK_FULL with the free space, and leaves nothing behind"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('full')
        RootOnly.mountTmpfs(dir, '1m')
        SshdEngine.chown(dir)
        Path artifact = randomFile('big.gz', 3_000_000)
        ObjectStore store = SftpStore.open(url, SshdEngine.options())

        when:
        store.put('big.gz', artifact, checksums(artifact))

        then:
        SftpFailure e = thrown()
        e.code() == ProblemCode.DISK_FULL
        e.message ==~ /\Q$url: the server's disk is full (\E\d+\Q bytes free, big.gz needs 3000000); the partial upload was removed\E/
        e.next() == "free space on ${SshdEngine.HOST} (df -h $dir), or ship to another repository"
        store.list('') == []
        Files.list(dir).withCloseable { it.toList() } == []

        cleanup:
        store?.close()
        RootOnly.unmount(dir)
    }

    def "a writer killed mid-put leaves nothing list() shows, and the next sweep removes its partial file"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('killed')
        Path big = local.resolve('big')
        new RandomAccessFile(big.toFile(), 'rw').withCloseable { it.setLength(1L << 30) } // sparse: fast to read, slow to send
        String java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        Process writer = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'),
                SftpPutProcess.name, url.toString(), 'big.tar.gz', big.toString()).redirectErrorStream(true).start()

        when: 'the partial upload is under way, the writer is killed'
        Path partial = waitFor(60_000) { partialIn(dir).find { Files.size(it) > (4L << 20) } }
        writer.destroyForcibly().waitFor()
        ObjectStore store = SftpStore.open(url, SshdEngine.options())

        then:
        writer.exitValue() == 137
        store.list('') == []
        store.stat('big.tar.gz').isEmpty()
        Files.exists(partial)

        when:
        int swept = store.sweepIncomplete()

        then:
        swept == 1
        partialIn(dir) == []
        store.sweepIncomplete() == 0

        cleanup:
        writer?.destroyForcibly()
        store?.close()
    }

    def "a sweep leaves partial files of live writers: #whose"() {
        given:
        def (Path dir, SftpUrl url) = SshdEngine.repository('live')
        Path partial = dir.resolve(PartialNames.forName('a.gz', host, pid))
        Files.writeString(partial, 'in progress')
        SshdEngine.chown(partial)
        Files.setLastModifiedTime(partial, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(age)))
        ObjectStore store = SftpStore.open(url, SshdEngine.options())

        expect:
        store.sweepIncomplete() == (swept ? 1 : 0)
        Files.exists(partial) == !swept

        cleanup:
        store?.close()

        where:
        whose                               | host             | pid                            | age                            || swept
        'this process'                      | LocalHost.name() | ProcessHandle.current().pid()  | java.time.Duration.ofDays(2)   || false
        'a live process on this host'       | LocalHost.name() | ProcessHandle.current().parent().get().pid() | java.time.Duration.ofDays(2) || false
        'another host, written just now'    | 'elsewhere'      | 1                              | java.time.Duration.ofMinutes(5) || false
        'another host, silent for 7 hours'  | 'elsewhere'      | 1                              | java.time.Duration.ofHours(7)  || true
    }

    private static List<Path> partialIn(Path dir) {
        Files.list(dir).withCloseable { s -> s.filter { PartialNames.isPartial(it.fileName.toString()) }.toList() }
    }

    private static <T> T waitFor(long millis, Closure<T> condition) {
        long deadline = System.currentTimeMillis() + millis
        while (System.currentTimeMillis() < deadline) {
            T value = condition()
            if (value) {
                return value
            }
            Thread.sleep(20)
        }
        throw new AssertionError("not within $millis ms")
    }

    private static String newKey(Path dir) {
        Path key = dir.resolve('stranger_ed25519')
        def p = new ProcessBuilder('ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key.toString()).redirectErrorStream(true).start()
        p.inputStream.text
        assert p.waitFor() == 0
        Files.readString(key)
    }

    private static String otherHostKey(Path dir) {
        newKey(dir)
        Files.readString(dir.resolve('stranger_ed25519.pub')).split(' ')[0..1].join(' ')
    }

    private Path randomFile(String name, int size) {
        byte[] bytes = new byte[size]
        new Random(size).nextBytes(bytes)
        Files.write(local.resolve(name), bytes)
    }

    private static ObjectStore.Checksums checksums(Path file) {
        new ObjectStore.Checksums(sha256(file), null)
    }

    private static String sha256(Path p) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()
    }
}
