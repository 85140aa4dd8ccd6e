package io.ripcord.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.cli.CliHarness.ripcord

/**
 * Errors of backup, verify and restore say what, where and what to do next, never an exception's class name or
 * "this looks like a bug"; the live database and the backups stay byte-for-byte what they were. Real SQLite files.
 */
class BackupErrorMessagesSpec extends Specification {

    @TempDir Path dir
    Map<String, String> env

    def setup() {
        env = CliHarness.defaultEnv() + [RIPCORD_HOME: dir.resolve('home').toString()]
        ['sqlite3', dir.resolve('app.db').toString(), 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'].execute().waitFor()
        Files.writeString(dir.resolve('back-up.groovy'), """
            runbook 'demo/backup', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'back up', { backup db, to: 'backups' }
            }
            """.stripIndent())
        assert run('back-up.groovy').exit == 0
    }

    CliHarness.Result run(String file) {
        ripcord(cwd: dir, env: env, 'run', '--no-plan', file)
    }

    Path runbook(String step) {
        Path file = dir.resolve('rb.groovy')
        Files.writeString(file, "runbook 'demo/errors', version: '1.0.0', {\n    def db = sqlite 'app.db'\n    $step\n}\n")
        file
    }

    def "#problem: error[#code] says #says and what to do, exits #exit, and touches nothing"() {
        given:
        Files.writeString(dir.resolve('afile'), 'a file where a directory would be')
        prepare.call(dir)
        Map<String, String> before = checksums()
        runbook(step)

        when:
        def result = run('rb.groovy')

        then:
        result.exit == exit
        result.err.contains("error[$code]: ")
        result.err.contains(says.replace('DIR', dir.toString()))
        result.err.contains('next: ' + next.replace('DIR', dir.toString()))
        !result.all.contains('Exception')
        !result.all.contains('looks like a bug')
        checksums() == before

        where:
        problem                              | prepare                                                  | step                                                                                      || code                       | exit | says                                                                                                                     | next
        'a failed expect: closure'           | { }                                                      | "step 'verify', { verify lastBackup(db), query: 'SELECT COUNT(*) FROM t', expect: { it > 1000 } }" || 'VERIFICATION_FAILED'      | 65   | 'query SELECT COUNT(*) FROM t returned 1, which does not meet expect: { it > 1000 } at rb.groovy:3'         | 'do not restore it'
        "a restore to: under a file"         | { }                                                      | "step 'restore', { restore lastBackup(db), to: 'afile/sub/app.db' }"                     || 'DESTINATION_NOT_WRITABLE' | 73   | 'cannot restore to DIR/afile/sub/app.db: DIR/afile is a file, not a directory, so nothing can be created under it; nothing was changed at rb.groovy:3' | 'give to: a path under a directory, or move DIR/afile away'
        'a manifest that is not JSON'        | { Path d -> damageManifest(d) }                          | "step 'verify', { verify lastBackup(db) }"                                                || 'MANIFEST_INVALID'         | 65   | 'does not match the catalog: the manifest of backup app-'                                          | 'put back the manifest DIR/backups/app-'
    }

    static void damageManifest(Path dir) {
        Files.list(dir.resolve('backups')).withCloseable { files ->
            files.filter { it.fileName.toString().endsWith('.manifest.json') }.each { Files.writeString(it, '{"id": broken') }
        }
    }

    /** Every file of the live database and the backup directory, by its SHA-256. */
    Map<String, String> checksums() {
        Files.walk(dir).withCloseable { files ->
            files.filter { Files.isRegularFile(it) && !it.startsWith(dir.resolve('home')) && !it.fileName.toString().endsWith('.groovy') }.toList()
                    .collectEntries { [(dir.relativize(it).toString()): MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(it)).encodeHex().toString()] }
        }
    }
}
