package io.ripcord.stdlib.repository.sftp

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.UserPrincipal

/**
 * The OpenSSH server bin/engines/sshd.sh brings up (127.0.0.1:18322, its own host key, a test user and key), as the
 * RIPCORD_TEST_SFTP_* variables describe it, and OpenSSH's own sftp client as the independent oracle. Specs use
 * {@code @IgnoreIf({ !System.getenv('CI') && !SshdEngine.available() })}.
 */
class SshdEngine {

    static final String HOST = System.getenv('RIPCORD_TEST_SFTP_HOST') ?: '127.0.0.1'
    static final int PORT = (System.getenv('RIPCORD_TEST_SFTP_PORT') ?: '18322') as int
    static final String USER = System.getenv('RIPCORD_TEST_SFTP_USER') ?: 'ripcord-sftp'
    static final Path DIR = Path.of(System.getenv('RIPCORD_TEST_SFTP_DIR') ?: '/tmp/ripcord-test-sshd')
    static final Path KEY = Path.of(System.getenv('RIPCORD_TEST_SFTP_KEY') ?: DIR.resolve('user_ed25519').toString())
    static final Path KNOWN_HOSTS = Path.of(System.getenv('RIPCORD_TEST_SFTP_KNOWN_HOSTS') ?: DIR.resolve('known_hosts').toString())
    static final Path ROOT = Path.of(System.getenv('RIPCORD_TEST_SFTP_ROOT') ?: DIR.resolve('repos').toString())

    static boolean available() {
        try {
            new Socket(HOST, PORT).close()
            Files.isReadable(KEY) && Files.isRegularFile(KNOWN_HOSTS)
        } catch (IOException ignored) {
            false
        }
    }

    /** A fresh repository directory on the server, owned by the test user; returns [local path, its sftp:// URL]. */
    static List repository(String name) {
        Path dir = ROOT.resolve(name + '-' + UUID.randomUUID().toString().substring(0, 8))
        Files.createDirectories(dir)
        chown(dir)
        [dir, SftpUrl.parse("sftp://$USER@$HOST:$PORT$dir")]
    }

    static void chown(Path path) {
        UserPrincipal owner = path.fileSystem.userPrincipalLookupService.lookupPrincipalByName(USER)
        Files.setOwner(path, owner)
    }

    /** A user's home as a user has it for this server: the test key as ~/.ssh/id_ed25519, the server in known_hosts. */
    static Path userHome(Path home) {
        Files.createDirectories(home.resolve('.ssh'))
        Files.copy(KEY, home.resolve('.ssh/id_ed25519'))
        Files.copy(KNOWN_HOSTS, home.resolve('.ssh/known_hosts'))
        home
    }

    /** The options a runbook's identity: secret(...) gives: the key's text, and the test known_hosts. */
    static SftpOptions options() {
        new SftpOptions(Files.readString(KEY), [], KNOWN_HOSTS, java.time.Duration.ofSeconds(10))
    }

    /** Runs OpenSSH's sftp in batch mode with commands; returns [exit, output]. */
    static List sftp(List<String> commands) {
        def p = new ProcessBuilder('sftp', '-b', '-', '-i', KEY.toString(), '-o', "UserKnownHostsFile=$KNOWN_HOSTS",
                '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-P', PORT as String, "$USER@$HOST")
                .redirectErrorStream(true).start()
        p.outputStream.withWriter { it << commands.join('\n') << '\n' }
        String out = p.inputStream.text
        p.waitFor()
        [p.exitValue(), out]
    }

    /** The server's host key fingerprint as ssh-keygen prints it (SHA256:...). */
    static String hostFingerprint() {
        def p = new ProcessBuilder('ssh-keygen', '-lf', DIR.resolve('host_ed25519.pub').toString()).start()
        String out = p.inputStream.text
        p.waitFor()
        out.split(' ')[1]
    }
}
