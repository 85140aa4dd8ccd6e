package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/** The backup family through the real command line: a runbook backs up, verifies and restores; the catalog answers cron. */
class BackupRunbookSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-backup-runbook')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]

    def setup() {
        sqlite3(dir.resolve('app.db'), "PRAGMA journal_mode=WAL; CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT);" +
                " INSERT INTO users (role) VALUES ('Admin'), ('User'), ('User');")
        Files.writeString(dir.resolve('drill.groovy'), '''\
            runbook 'demo/restore-drill', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'back up', {
                    backup db, to: 'backups', keep: 5
                }
                step 'verify', {
                    verify lastBackup(db), query: "SELECT COUNT(*) FROM users WHERE role = 'Admin'", expect: { it > 0 }
                }
                step 'damage', {
                    sh "sqlite3 app.db 'DELETE FROM users'"
                }
                step 'restore', {
                    restore lastBackup(db)
                    sh "test \\$(sqlite3 app.db 'SELECT COUNT(*) FROM users') = 3"
                }
            }
            '''.stripIndent())
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    CliHarness.Result here(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    static void sqlite3(Path db, String sql) {
        def p = ['sqlite3', db.toString(), sql].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
    }

    def "a plan names the backup a restore would take, unless the run makes or restores one before it"() {
        given: 'a backup taken earlier, and a restore runbook'
        here('run', '--no-plan', 'drill.groovy')
        String newest = here('backups').out.readLines().find { it.contains('app-') }.split(/\s+/).find { it.startsWith('app-') }
        Files.writeString(dir.resolve('restore.groovy'), '''\
            runbook 'demo/restore', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'restore', {
                    restore lastBackup(db)
                }
            }
            '''.stripIndent())

        when:
        def restorePlan = here('plan', 'restore.groovy')
        def drillPlan = here('plan', 'drill.groovy')

        then: 'no step before it changes the catalog: the plan says which backup'
        restorePlan.exit == 0
        restorePlan.out.contains("~ restore: restore backup ${newest}")
        !restorePlan.out.contains('<from step')

        and: 'the drill backs up first: its restore takes the backup that run makes'
        drillPlan.out.contains("verify <from step 'verify': lastBackup>")
    }

    def "a restore drill runbook backs up, verifies, damages and restores, and the catalog knows every artifact"() {
        when:
        def plan = here('plan', 'drill.groovy')
        def run = here('run', '--no-plan', 'drill.groovy')

        then:
        plan.exit == 0
        plan.out.contains("+ backup: back up sqlite ${dir.resolve('app.db')} to backups as app-<time>.sqlite.gz")
        plan.out.contains('retention: deletes nothing')
        plan.out.contains("verify <from step 'verify': lastBackup>")
        run.exit == 0
        run.out.contains("ok: query SELECT COUNT(*) FROM users WHERE role = 'Admin' = 1")
        run.out.contains('safety copy of the current state')

        when:
        def listed = here('backups')
        def safety = here('backups', '--safety')

        then: 'the safety copy is listed apart: it is not a backup'
        listed.out.readLines().size() == 2 // header, the backup
        !listed.out.contains('-safety')
        listed.out.readLines()[1] =~ /^app-\S+ +sqlite .* ok +\S+\.sqlite\.gz$/ // verified
        safety.out.readLines().size() == 2 // header, the safety copy
        safety.out.readLines()[1] =~ /^app-\S+-safety +sqlite .* - +\S+-safety\.sqlite$/
        here('backups', '--check', '--max-age', '1h', '--min-size', '100B').exit == 0
        here('backups', '--check', '--min-size', '1GB').exit == 1
        here('backups', '--check', '--min-size', '1GB').err.contains('smaller than 1GB')
    }

    def "backups --check fails when there is no backup at all, and --rescan rebuilds the catalog from manifests"() {
        given:
        here('run', '--no-plan', 'drill.groovy')
        def fresh = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('fresh-home').toString()]

        expect:
        ripcord(['backups', '--check'] as String[], cwd: dir, env: fresh).exit == 1
        ripcord(['backups', '--check'] as String[], cwd: dir, env: fresh).err.contains('no backups in the catalog')
        ripcord(['backups', '--rescan', 'backups'] as String[], cwd: dir, env: fresh).out.contains('Cataloged 2 backups')
        ripcord(['backups', '--check', '--max-age', '1h'] as String[], cwd: dir, env: fresh).exit == 0
    }

    def "backups --check looks at the files, not the manifest: #damage"() {
        given:
        here('run', '--no-plan', 'drill.groovy')
        Path artifact = Files.list(dir.resolve('backups')).withCloseable { s -> s.filter { it.toString().endsWith('.sqlite.gz') && !it.toString().contains('safety') }.findFirst().get() }
        String manifestBefore = Files.readString(Path.of("${artifact}.manifest.json"))
        spoil(artifact)

        when:
        def check = here('backups', '--check', '--min-size', '100B')
        def deep = here('backups', '--check', '--deep', '--min-size', '100B')

        then:
        check.exit == checkExit
        deep.exit == 1
        (check.exit == 0 ? check.out : check.err).contains(checkSays)
        deep.err.contains(deepSays)
        deep.err.startsWith('FAIL sqlite:')
        Files.readString(Path.of("${artifact}.manifest.json")) == manifestBefore // a check changes nothing

        where:
        damage                             | spoil                                                                        | checkExit | checkSays                                        | deepSays
        'emptied to 0 bytes'               | { Path a -> Files.write(a, new byte[0]) }                                    | 1         | '0 B on disk — smaller than 100B'     | 'the catalog recorded '
        'one byte flipped, size unchanged' | { Path a -> byte[] b = Files.readAllBytes(a); b[b.length.intdiv(2)] ^= 1; Files.write(a, b) } | 0 | 'OK   sqlite:'        | 'its SHA-256 is '
        'deleted'                          | { Path a -> Files.delete(a) }                                                | 1         | ' is gone'                                       | ' is gone'
    }

    def "backups --check --deep passes a backup whose file is whole"() {
        given:
        here('run', '--no-plan', 'drill.groovy')

        when:
        def deep = here('backups', '--check', '--deep', '--min-size', '100B')

        then:
        deep.exit == 0
        deep.out =~ /OK   sqlite:\S+: newest backup app-\S+ is \S+ old, \S+ \S+ on disk, SHA-256 matches the catalog/
    }

    def "the run report names each safety copy with the command that puts it back"() {
        given:
        here('run', '--no-plan', 'drill.groovy')
        String runId = here('runs').out.readLines()[1].split(/\s+/)[0]
        String safety = here('backups', '--safety').out.readLines()[1].split(/\s+/).last()

        when:
        def report = here('show', runId)
        def json = new groovy.json.JsonSlurper().parseText(here('show', runId, '--format', 'json').out)

        then:
        report.out.contains('Safety copies (the state each restore replaced; not backups):')
        report.out.contains("  ${safety} (step 'restore', of sqlite:${dir.resolve('app.db')})")
        report.out.contains("    put it back: cat '${safety}' > ")
        json.safetyCopies*.path == [safety]
    }

    def "a corrupted backup makes the drill fail at verify, before anything is damaged"() {
        given:
        here('run', '--no-plan', 'drill.groovy')
        Path artifact = Files.list(dir.resolve('backups')).withCloseable { s -> s.filter { it.toString().endsWith('.sqlite.gz') && !it.toString().contains('safety') }.findFirst().get() }
        Files.writeString(dir.resolve('drill.groovy'), Files.readString(dir.resolve('drill.groovy')).replace("backup db, to: 'backups', keep: 5", "log 'reusing the last backup'")
                .replace("version: '1.0.0'", "version: '1.0.1'")) // changed content, so a new version
        byte[] bytes = Files.readAllBytes(artifact)
        bytes[bytes.length.intdiv(2)] ^= 0x10
        Files.write(artifact, bytes)

        when:
        def run = here('run', '--no-plan', 'drill.groovy')

        then:
        run.exit == 65 // VERIFICATION_FAILED
        run.err.contains("error[VERIFICATION_FAILED]: step 'verify' failed: verify: backup app-")
        run.err.contains('failed verification: ')
        run.out.contains('[2/4] verify')
        !run.out.contains('[3/4] damage')
    }
}
