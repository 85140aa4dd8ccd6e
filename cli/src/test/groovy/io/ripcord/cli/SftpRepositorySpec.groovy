package io.ripcord.cli

import io.ripcord.stdlib.repository.sftp.SshdEngine
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.cli.CliHarness.ripcord

/**
 * Offsite copies to an SFTP repository through the real command line, against the real OpenSSH server bin/test
 * brings up, with the user's keys and known_hosts in ~/.ssh as a user has them; OpenSSH's sftp reads what was shipped.
 */
@IgnoreIf(value = { !System.getenv('CI') && !SshdEngine.available() }, reason = 'no sshd (bin/engines/sshd.sh starts one)')
class SftpRepositorySpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-sftp-runbook')
    Path home = dir.resolve('user-home')
    Path remoteDir
    String repo
    static final String MANIFEST_KEY = 'sftp-manifest-key-for-specs'

    def setup() {
        def (Path remote, url) = SshdEngine.repository('runbook')
        remoteDir = remote
        repo = url.toString()
        SshdEngine.userHome(home)
        sqlite3(dir.resolve('app.db'), "CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); INSERT INTO users (role) VALUES ('Admin'), ('User');")
    }

    def cleanup() {
        dir.toFile().deleteDir()
        remoteDir.toFile().deleteDir()
    }

    Map<String, String> env(String ripcordHome = 'home', Path userHome = home) {
        [PATH: System.getenv('PATH'), HOME: userHome.toString(), RIPCORD_HOME: dir.resolve(ripcordHome).toString(), OFFSITE_MANIFEST_KEY: MANIFEST_KEY]
    }

    static void sqlite3(Path db, String sql) {
        def p = ['sqlite3', db.toString(), sql].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
    }

    static String sha256(Path f) {
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(f)).encodeHex().toString()
    }

    CliHarness.Result runbook(String name, String steps, Map<String, String> environment = env()) {
        Path file = dir.resolve("${name}.groovy")
        Files.writeString(file, """\
            runbook 'offsite/sftp-${name}-${Long.toHexString(System.nanoTime())}', version: '1.0.0', {
                def db = sqlite 'app.db'
            ${steps.stripIndent().readLines().collect { '    ' + it }.join('\n')}
            }
            """.stripIndent())
        ripcord(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: environment)
    }

    def "backup to: [dir, sftp] ships artifact and manifest; OpenSSH's sftp reads the same bytes; a fresh home lists and restores them"() {
        when:
        def shipped = runbook('ship', """
            step 'back up', { backup db, to: ['backups', '$repo'], manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """)
        Path local = Files.list(dir.resolve('backups')).withCloseable { s -> s.find { it.fileName.toString().endsWith('.sqlite.gz') } }
        String name = local.fileName.toString()
        def (code, out) = SshdEngine.sftp(["get ${remoteDir}/${name} ${dir.resolve('oracle.gz')}".toString()])

        then:
        shipped.exit == 0
        code == 0
        sha256(dir.resolve('oracle.gz')) == sha256(local)
        remoteDir.toFile().list().sort() == [name, name + '.manifest.json']

        when: 'the machine is lost: no journal, no local backups, no database'
        dir.resolve('backups').toFile().deleteDir()
        Files.delete(dir.resolve('app.db'))
        def listed = ripcord(['backups', '--repo', repo] as String[], cwd: dir, env: env('fresh'))
        def restored = runbook('restore', """
            step 'restore', { restore lastBackup(db, from: '$repo'), manifestKey: secret('OFFSITE_MANIFEST_KEY') }
            """, env('fresh'))

        then:
        listed.exit == 0
        listed.out.contains(name - '.sqlite.gz')
        restored.exit == 0
        ['sqlite3', dir.resolve('app.db').toString(), 'SELECT COUNT(*) FROM users'].execute().text.trim() == '2'
    }

    def "a server whose host key is not in known_hosts is refused with its fingerprint, and the local backup stays"() {
        given:
        Files.writeString(home.resolve('.ssh/known_hosts'), '')

        when:
        def r = runbook('unknown-host', """
            step 'back up', { backup db, to: ['backups', '$repo'] }
            """)

        then:
        r.exit == 69
        r.err.contains('error[REPOSITORY_UNAVAILABLE]')
        r.err.contains('SHA256:')
        Files.list(dir.resolve('backups')).withCloseable { s -> s.anyMatch { it.fileName.toString().endsWith('.sqlite.gz') } }
        remoteDir.toFile().list() == [] as String[]
    }
}
