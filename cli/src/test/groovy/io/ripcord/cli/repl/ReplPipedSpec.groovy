package io.ripcord.cli.repl

import io.ripcord.cli.CliHarness
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/** The REPL without a terminal: commands piped in, plain output, the exit code tells whether a command failed. */
class ReplPipedSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-repl-piped')
    Map<String, String> env = CliHarness.defaultEnv() + [RIPCORD_HOME: dir.resolve('home').toString()]

    def cleanup() {
        dir.toFile().deleteDir()
    }

    CliHarness.Result pipe(String input, String... args) {
        def running = CliHarness.startProcess(cwd: dir, env: env, args)
        running.process.outputStream.withWriter('UTF-8') { it.write(input) }
        running.finish()
    }

    def "bad input is reported with the nearest names and the session goes on: a syntax error, an unknown verb, an unterminated string"() {
        when:
        def result = pipe('''\
            log 'before'
            log 'oops')
            bakup sqlite('x.db'), to: 'b'
            sh 'echo unterminated
            log 'after'
            '''.stripIndent(), 'repl')

        then:
        result.out.contains('before')
        result.err.contains("unknown verb 'bakup' at command 3:1 — did you mean backup?")
        result.err.contains('syntax error')
        result.err.contains('a string is not closed: check the quotes on this line')
        result.out.contains('after')
        !result.all.contains('Exception')
        result.exit == 2 // the first failure was bad input
        result.err.contains('5 commands, 3 failed')
    }

    def "a result prints as a readable value: a verification by its fields, not as a raw record"() {
        given:
        def db = dir.resolve('app.db')
        def p = new ProcessBuilder('sqlite3', db.toString(), 'CREATE TABLE t (x); INSERT INTO t VALUES (1);').redirectErrorStream(true).start()
        assert p.waitFor() == 0

        when:
        def result = pipe("def b = backup sqlite('app.db'), to: 'bk'\nverify b\n", 'repl')
        String id = (result.out =~ /= backup (\S+)/)[0][1]

        then:
        result.exit == 0
        result.out.contains("""\
            = Verification
                artifact  $id
                checks    gzip stream read to the end; sha256 """.stripIndent())
        result.out.contains('; integrity_check: ok; foreign_key_check: ok\n')
        !result.out.contains('Verification[')
        !result.out.contains('queryValue') // unset fields are left out
    }

    def "piped, every command that succeeds exits 0, with plain output and no prompt"() {
        when:
        def result = pipe("log 'one'\ndef n = 2 +\n  3\nlog \"n is \${n}\"\n", 'repl')

        then:
        result.exit == 0
        result.out.contains('one')
        result.out.contains('n is 5')
        !result.out.contains('ripcord>')
        !result.out.contains('\u001b[')
    }

    def "a command of several lines is journaled whole, secrets masked; its step is named by its first line"() {
        given:
        env = env + [DB_PASSWORD: 'hunter2-secret']

        when:
        def result = pipe("def pw = secret('DB_PASSWORD')\nlog \"one \" +\n    'hunter2-secret'.size()\n", 'repl')
        def journal = io.ripcord.journal.Journal.openExisting(dir.resolve('home/journal.db')).get()
        def run = journal.runs(null, null, 1)[0]
        def code = journal.events(run.id(), 'code')
        def steps = journal.steps(run.id())*.name()
        journal.close()
        def shown = ripcord(env: env, cwd: dir, 'show', run.id())

        then:
        result.exit == 0
        result.out.contains('one 14')
        code.size() == 1
        code[0].startsWith('#2\nlog "one " +\n    ')
        code[0].endsWith('.size()')
        steps == ["#1 def pw = secret('DB_PASSWORD')", '#2 log "one " + …']
        shown.out.contains('  code: #2\n      log "one " +\n          ')
        Files.list(dir.resolve('home')).withCloseable { s -> s.filter { it.fileName.toString().startsWith('journal.db') }.toList() }
                .every { !new String(Files.readAllBytes(it), 'ISO-8859-1').contains('hunter2-secret') }
    }

    def ":save writes a secret the operator typed as secret('NAME') inside strings and GStrings, and the saved runbook gets its value"() {
        given:
        env = env + [DB_PASSWORD: 'hunter2-secret']

        when: 'the value is typed inside a GString and inside a single-quoted string'
        def session = pipe('''\
            def pw = secret('DB_PASSWORD')
            sh "printf %s 'hunter2-secret' > gstring.txt"
            def copy = 'hunter2-secret'
            sh "printf %s ${copy} > single.txt"
            :save fix.groovy
            '''.stripIndent(), 'repl')
        String saved = Files.readString(dir.resolve('fix.groovy'))
        ['gstring.txt', 'single.txt'].each { Files.delete(dir.resolve(it)) }
        def rerun = ripcord(env: env, cwd: dir, 'run', 'fix.groovy')

        then:
        session.exit == 0
        saved.contains('''sh "printf %s '${secret('DB_PASSWORD')}' > gstring.txt"''')
        saved.contains("""def copy = '' + secret('DB_PASSWORD') + ''""")
        !saved.contains('${secret:')
        !saved.contains('hunter2')

        and: 'the saved runbook runs and its commands get the value'
        rerun.exit == 0
        Files.readString(dir.resolve('gstring.txt')) == 'hunter2-secret'
        Files.readString(dir.resolve('single.txt')) == 'hunter2-secret'
    }

    def ":save after :load keeps the loaded runbook's declarations of the variables the commands used"() {
        given:
        Files.writeString(dir.resolve('app.groovy'), '''\
            runbook 'demo/app', version: '1.0.0', {
                def data = dir 'data'
                step 'back up', { backup data, to: 'backups' }
            }
            '''.stripIndent())
        Files.createDirectories(dir.resolve('data'))
        Files.writeString(dir.resolve('data/f.txt'), 'x')

        when:
        def result = pipe(":load app.groovy\nbackup data, to: 'manual'\n:save fix.groovy\n", 'repl')
        def check = CliHarness.ripcord(cwd: dir, env: env, 'check', 'fix.groovy')

        then:
        result.exit == 0
        Files.readString(dir.resolve('fix.groovy')).contains("def data = dir 'data'")
        check.exit == 0
    }

    def "a failed verb makes the exit code 1"() {
        expect:
        pipe("sh 'exit 3'\nlog 'goes on'\n", 'repl').with { exit == 1 && out.contains('goes on') }
    }

    def "run --repl-on-failure opens the shell on the failed step; after a fix :retry redoes it and :continue finishes the run"() {
        given:
        Files.writeString(dir.resolve('deploy.groovy'), '''\
            runbook 'app/deploy', version: '1.0.0', {
                param 'name', default: 'app'
                def marker = 'healthy'
                step 'prepare', { sh "echo prepare >> effects.txt" }
                step 'health', { sh "test -f ${marker}" }
                step 'finish', { sh "echo finish ${params.name} >> effects.txt" }
            }
            '''.stripIndent())

        when:
        def result = pipe("log \"fixing ${'$'}{marker} for ${'$'}{params.name}\"\nsh \"touch ${'$'}{marker}\"\n:retry\n:continue\n:quit\n",
                'run', '--no-plan', '--repl-on-failure', 'deploy.groovy')

        then:
        result.err.contains("step 'health' failed")
        result.out.contains("Step 'health' of run ")
        result.out.contains('fixing healthy for app')
        result.out.contains("Step 'health' succeeded; :continue runs the rest")
        result.out.contains('succeeded: app/deploy@1.0.0')
        Files.readAllLines(dir.resolve('effects.txt')) == ['prepare', 'finish app'] // prepare was not repeated
        result.exit == 0
        ripcord('runs', cwd: dir, env: env).out.readLines().findAll { it.contains('SUCCEEDED') }.size() == 2
    }

    def ":save of a failure shell's commands that use the run's backups (artifacts) says how to name them instead"() {
        given:
        Files.createDirectories(dir.resolve('data'))
        Files.writeString(dir.resolve('data/f.txt'), 'x')
        Files.writeString(dir.resolve('backed.groovy'), '''\
            runbook 'app/backed', version: '1.0.0', {
                def data = dir 'data'
                step 'back up', { backup data, to: 'backups' }
                step 'check', { sh 'test -f fixed' }
            }
            '''.stripIndent())

        when:
        def result = pipe("verify artifacts[0]\n:save fix.groovy\n:quit\n", 'run', '--no-plan', '--repl-on-failure', 'backed.groovy')

        then:
        result.out.contains('match the catalog')
        result.err.contains('command #1 uses `artifacts`, the failed run\'s backups, which a saved runbook does not have')
        result.err.contains("lastBackup(sqlite('/srv/app/app.db'), from: '/var/backups/app')")
        !Files.exists(dir.resolve('fix.groovy'))
    }

    def "while the failure REPL is open, the run's lock stays taken: the same runbook cannot start meanwhile"() {
        given:
        Files.writeString(dir.resolve('locked.groovy'), '''\
            runbook 'app/locked', version: '1.0.0', {
                lock 'app-db'
                step 'check', { sh 'test -f fixed' }
            }
            '''.stripIndent())
        def repl = CliHarness.startProcess(cwd: dir, env: env, 'run', '--no-plan', '--repl-on-failure', 'locked.groovy')
        def input = repl.process.outputStream.newWriter('UTF-8')

        when: 'the operator is in the shell (a command of theirs ran), and a teammate starts the runbook'
        input.write("sh 'touch started'\n")
        input.flush()
        long deadline = System.currentTimeMillis() + 30_000
        while (!Files.exists(dir.resolve('started')) && System.currentTimeMillis() < deadline) sleep 50
        def teammate = CliHarness.ripcord(cwd: dir, env: env, 'run', '--no-plan', 'locked.groovy')
        input.write("sh 'touch fixed'\n:retry\n:quit\n")
        input.close()
        def operator = repl.finish()

        then:
        teammate.exit == 5
        teammate.err.contains("lock 'app-db' is held by run ")
        operator.exit == 0
        CliHarness.ripcord(cwd: dir, env: env, 'run', '--no-plan', 'locked.groovy').exit == 0 // released at the end
    }

    def "quitting without a fix leaves the failed run resumable, and the exit code says it failed"() {
        given:
        Files.writeString(dir.resolve('fail.groovy'), "runbook 'app/fail', version: '1.0.0', { step 'check', { sh 'test -f nope' } }\n")

        when:
        def result = pipe(":retry\n:quit\n", 'run', '--no-plan', '--repl-on-failure', 'fail.groovy')

        then:
        result.exit == 1
        result.err.contains('fix it here, then :retry')
    }
}
