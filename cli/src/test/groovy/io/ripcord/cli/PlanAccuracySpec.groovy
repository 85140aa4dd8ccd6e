package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/**
 * The plan is what runs: parameters read outside the steps, the files retention deletes, the checks verify makes,
 * and values only the run has (deferred, never decided, never failing the plan where the run would not fail).
 * Real SQLite databases, real sqlite3 backups, the real CLI.
 */
class PlanAccuracySpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-plan-accuracy')
    Path home = Files.createTempDirectory('ripcord-plan-home')
    Map<String, String> env = [PATH: System.getenv('PATH') ?: '/usr/bin:/bin', RIPCORD_HOME: home.toString(), HOME: home.toString()]

    def setup() {
        sqlite(dir.resolve('app.db'), 'CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT); INSERT INTO users (role) VALUES (\'Admin\')')
        sqlite(dir.resolve('other.db'), 'CREATE TABLE t (x); INSERT INTO t VALUES (1)')
    }

    def cleanup() {
        dir.toFile().deleteDir()
        home.toFile().deleteDir()
    }

    def "a parameter read outside the steps is a placeholder to check and its value to plan and run"() {
        given:
        write('deploy.groovy', '''\
            runbook 'demo/params-outside', version: '1.0.0', {
                param 'db', default: 'app.db'
                def db = sqlite params.db
                def label = "database ${params.db}"
                step 'back up', {
                    log "backing up ${label}"
                    backup db, to: 'backups'
                }
            }
            '''.stripIndent())

        when:
        def check = cli('check', 'deploy.groovy')
        def plan = cli('plan', 'deploy.groovy', '-p', 'db=other.db')
        def run = cli('run', '--no-plan', 'deploy.groovy', '-p', 'db=other.db')

        then:
        check.exit == 0
        plan.exit == 0
        plan.out.contains("log: backing up database other.db")
        plan.out.contains("back up sqlite ${dir.resolve('other.db')} to backups")
        run.exit == 0
        run.out.contains('backing up database other.db')
        manifests().collect { Files.readString(it).contains(dir.resolve('other.db').toString()) } == [true]
    }

    def "a resumed run reads the parameters outside the steps with the values the run was given"() {
        given:
        write('resume.groovy', '''\
            runbook 'demo/params-resume', version: '1.0.0', {
                param 'who', required: true
                def greeting = "hello ${params.who}"
                step 'greet', { sh "echo '${greeting}' >> greetings.txt" }
                step 'gate', { sh "test -f GO && echo '${greeting} again' >> greetings.txt" }
            }
            '''.stripIndent())

        when:
        def first = cli('run', '--no-plan', 'resume.groovy', '-p', 'who=alice')
        Files.createFile(dir.resolve('GO'))
        def resumed = cli('resume', cli('runs', '--limit', '1').out.readLines()[1].split(/\s+/)[0])

        then:
        first.exit == 1
        resumed.exit == 0
        Files.readAllLines(dir.resolve('greetings.txt')) == ['hello alice', 'hello alice again']
    }

    def "the plan names the backups retention will delete, counting the one the run writes (keep: #keep, #present present)"() {
        given:
        write('keep.groovy', """\
            runbook 'demo/keep', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'back up', { backup db, to: 'backups', keep: $keep }
            }
            """.stripIndent())
        write('take.groovy', '''\
            runbook 'demo/take', version: '1.0.0', {
                step 'back up', { backup sqlite('app.db'), to: 'backups' }
            }
            '''.stripIndent())
        present.times { assert cli('run', '--no-plan', 'take.groovy').exit == 0 }
        List<String> before = artifacts()

        when:
        def plan = cli('plan', 'keep.groovy')
        def run = cli('run', '--no-plan', 'keep.groovy')
        List<String> deleted = before - artifacts()

        then:
        plan.exit == 0
        run.exit == 0
        deleted.size() == deletes
        retentionIn(plan) == deleted as Set

        where:
        keep | present || deletes
        2    | 2       || 1
        2    | 1       || 0
        3    | 2       || 0
        1    | 2       || 2
    }

    def "the plan of verify lists the checks a #kind backup really gets"() {
        given:
        Files.createDirectories(dir.resolve('tree'))
        Files.writeString(dir.resolve('tree/a.txt'), 'a')
        Files.writeString(dir.resolve('app.env'), 'X=1')
        write('verify.groovy', """\
            runbook 'demo/verify', version: '1.0.0', {
                def target = $target
                step 'back up', {
                    def made = backup target, to: 'backups'
                    verify made
                    verify lastBackup(target)
                }
            }
            """.stripIndent())

        when:
        def plan = cli('plan', 'verify.groovy')
        def checks = plan.out.readLines().findAll { it.contains('checks: ') }*.trim()

        then:
        plan.exit == 0
        checks == ['checks: ' + expected] * 2

        where:
        kind       | target                                                 || expected
        'sqlite'   | "sqlite('app.db')"                                     || 'size and sha256 against the manifest, full read of the stream, integrity_check + foreign_key_check (SQLite)'
        'dir'      | "dir('tree')"                                          || 'size and sha256 against the manifest, full read of the tar archive'
        'file'     | "file('app.env')"                                      || 'size and sha256 against the manifest, full read of the stream'
        'postgres' | "postgres('postgresql://ripcord@127.0.0.1:54329/app')" || 'size and sha256 against the manifest, full read of the stream, pg_restore reads every data block (-f /dev/null)'
    }

    def "what only the run knows is deferred in the plan: #what"() {
        given:
        write('defer.groovy', """\
            runbook 'demo/defer', version: '1.0.0', {
                def db = sqlite 'app.db'
                def image = null
                step 'probe', {
                    def out = sh 'echo active'
                    $code
                    log 'after'
                }
                step 'use', {
                    log "image is \${image}"
                    tagImage image, as: 'app:latest'
                }
            }
            """.stripIndent())

        when:
        def plan = cli('plan', 'defer.groovy')

        then:
        plan.exit == 0
        plan.out.contains("(planned up to here; the rest is decided when it runs: $question is only known then at line 6)")
        !plan.out.contains('UndecidedInPlan')
        !plan.out.contains('log: after')
        plan.out.contains("log: image is <from step 'probe': image>")
        plan.out.contains("tagImage: tag <from step 'probe': image> as app:latest")

        where:
        what                                 | code                                                        || question
        'a branch on a result'               | "if (out.exitCode) { image = 'a' }"                         || "deciding on <from step 'probe': sh.exitCode>"
        'a result on the right of =='        | "if ('active' == out.stdout) { image = 'a' }"               || "comparing 'active' == <from step 'probe': sh.stdout>"
        'a result compared with null'        | "if (out.stdout == null) { image = 'a' }"                   || "comparing <from step 'probe': sh.stdout> == null"
        'a result compared with <'           | "if (out.exitCode < 1) { image = 'a' }"                     || "comparing <from step 'probe': sh.exitCode> < 1"
        'a result looked for with in'        | "if ('active' in out.stdout) { image = 'a' }"               || "comparing 'active' in <from step 'probe': sh.stdout>"
        'a switch on a result'               | "switch (out.stdout) { case 'active': image = 'a' }"        || "deciding on <from step 'probe': sh.stdout>"
        'iterating backups made by the run'  | "backup db, to: 'b'; for (b in backups(db)) { image = b.path }" || "iterating over <from step 'probe': backups>"
        'iterating lines of output with each'| "out.stdout.readLines().each { image = it }"                || "iterating over <from step 'probe': sh.stdout.readLines()>"
    }

    def "backups(...) in a plan names the backups there are, when the run makes none before it"() {
        given:
        write('take.groovy', '''\
            runbook 'demo/take', version: '1.0.0', {
                step 'back up', { backup sqlite('app.db'), to: 'backups' }
            }
            '''.stripIndent())
        2.times { assert cli('run', '--no-plan', 'take.groovy').exit == 0 }
        write('list.groovy', '''\
            runbook 'demo/list', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'list', {
                    for (b in backups(db)) {
                        log "have ${b.path}"
                    }
                }
            }
            '''.stripIndent())

        when:
        def plan = cli('plan', 'list.groovy')

        then:
        plan.exit == 0
        artifacts().size() == 2
        plan.out.readLines().findAll { it.contains('log: have ') }*.trim()*.replaceAll(/ +:\d+$/, '') as Set ==
                artifacts().collect { "# log: have ${dir.resolve('backups').resolve(it)}".toString() } as Set
    }

    def "a target built from a value only the run has is deferred, not validated as a literal"() {
        given:
        write('tag.groovy', '''\
            runbook 'demo/tag', version: '1.0.0', {
                step 'tag', {
                    def out = sh 'echo app:2'
                    tagImage image("${out}"), as: 'app:latest'
                }
            }
            '''.stripIndent())

        when:
        def plan = cli('plan', 'tag.groovy')

        then:
        plan.exit == 0
        plan.out.contains("tagImage: ")
        plan.out.contains("<from step 'tag': image>")
        !plan.out.contains('is not an image name:tag')
    }

    def "check refuses a member a verb's result does not have, before anything runs"() {
        given:
        write('member.groovy', '''\
            runbook 'demo/member', version: '1.0.0', {
                step 'count', {
                    def out = sh 'touch ran.txt; echo 5'
                    log "counted ${out.output}"
                }
            }
            '''.stripIndent())

        when:
        def results = [cli('check', 'member.groovy'), cli('plan', 'member.groovy'), cli('run', 'member.groovy')]

        then:
        results*.exit == [2, 2, 2]
        results.every { it.err.startsWith("error[UNKNOWN_PROPERTY]: unknown member 'output' of 'out' (a CommandResult, from sh) at member.groovy:4") }
        results.every { it.err.contains('did you mean') || it.err.contains('its members: elapsed, exitCode, stderr, stdout, text, truncated') }
        !Files.exists(dir.resolve('ran.txt'))
    }

    def "a deferred result answers only its own members in the plan too"() {
        given: 'a variable assigned in a step, which check cannot type'
        write('late.groovy', '''\
            runbook 'demo/late', version: '1.0.0', {
                def out = null
                step 'count', {
                    out = sh 'touch ran.txt; echo 5'
                    log "counted ${out.output}"
                }
            }
            '''.stripIndent())

        when:
        def check = cli('check', 'late.groovy')
        def run = cli('run', 'late.groovy')

        then:
        check.exit == 0
        run.exit == 2
        run.err.contains("unknown member 'output' of <from step 'count': sh> (a CommandResult)")
        run.err.contains('late.groovy:5')
        run.err.contains('its members: elapsed, exitCode, stderr, stdout, text, truncated')
        !Files.exists(dir.resolve('ran.txt'))
    }

    /** The files the plan's retention line names; "deletes nothing" is none. */
    static Set<String> retentionIn(CliHarness.Result plan) {
        String line = plan.out.readLines().find { it.contains('retention: ') }.trim()
        line == 'retention: deletes nothing' ? [] as Set : (line - 'retention: would delete ').split(', ') as Set
    }

    CliHarness.Result cli(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    void write(String name, String text) {
        Files.writeString(dir.resolve(name), text)
    }

    List<String> artifacts() {
        Path backups = dir.resolve('backups')
        !Files.isDirectory(backups) ? [] : Files.list(backups).withCloseable { s ->
            s.map { it.fileName.toString() }.filter { it.endsWith('.gz') }.sorted().toList()
        }
    }

    List<Path> manifests() {
        Files.list(dir.resolve('backups')).withCloseable { s -> s.filter { it.toString().endsWith('.manifest.json') }.toList() }
    }

    static void sqlite(Path db, String sql) {
        def p = ['sqlite3', db.toString(), sql].execute()
        p.waitFor()
        assert p.exitValue() == 0: p.err.text
    }
}
