package io.ripcord.cli.repl

import io.ripcord.exec.RunState
import io.ripcord.report.RunReport
import org.jline.reader.Candidate
import org.jline.reader.Parser
import org.jline.terminal.Terminal
import spock.lang.AutoCleanup
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

class ReplTerminalSpec extends Specification {

    Path dir = ReplDriver.tempDir()
    @AutoCleanup
    ReplDriver repl

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def setup() {
        Files.writeString(dir.resolve('app.groovy'), '''\
            runbook 'app/backup', version: '1.0.0', {
                param 'label', default: 'nightly'
                def db = sqlite 'app.db'
                step 'back up', { backup db, to: 'backups' }
                step 'verify', { verify lastBackup(db), integrity: true }
            }
            '''.stripIndent())
        ['sqlite3', dir.resolve('app.db').toString(), "CREATE TABLE users(id INTEGER, role TEXT); INSERT INTO users VALUES (1, 'Admin');"]
                .execute().waitFor()
    }

    List<String> complete(String line) {
        def candidates = new ArrayList<Candidate>()
        def parsed = new ReplParser().parse(line, line.length(), Parser.ParseContext.COMPLETE)
        new ReplCompleter(repl.session).complete(null, parsed, candidates)
        candidates*.value()
    }

    def "Tab completes verbs, targets, the named arguments of the verb being typed, variables, steps, parameters and run ids"() {
        given:
        repl = new ReplDriver(dir).start()
        repl.type(":load app.groovy\r").waitFor('Loaded app/backup@1.0.0')

        expect:
        complete('bac').containsAll(['backup', 'backups'])
        complete('backup sql').contains('sqlite')
        complete('backup db, ').containsAll(['to:', 'keep:', 'compress:'])
        !complete('backup db, ').contains('restore')
        !complete('backup db, to: "x", ').contains('to:')
        complete('verify lastBackup(db), ').contains('integrity:')
        complete('backup ').contains('db')
        complete('log params.').contains('label')
        complete(':step ').containsAll(["'back up'", 'verify'])
        complete(':pl').contains(':plan')
        complete(':help ').contains('restore')
        complete(':show ').contains(repl.journal.runs(null, null, 5).first().id())
    }

    def "Tab at the prompt completes for real: ':hel' becomes :help (an ANSI terminal over streams: a dumb one binds no Tab)"() {
        given:
        repl = new ReplDriver(dir, [:], 'ansi').start()

        when:
        repl.type(':hel\t wait\r').waitFor('Pause the run for a while')

        then:
        repl.output.contains('wait DURATION, [reason:')
        repl.quit() == 0
    }

    def "an open closure, bracket or trailing comma goes on on the next line, as one command"() {
        given:
        repl = new ReplDriver(dir).start()

        when:
        repl.type("def twice = {\r  it * 2\r}\r").type('twice(21)\r').waitFor('= 42')
        repl.type("log 'two lines',\r    level: 'warn'\r").waitFor('warning: two lines')
        repl.type("def list = [1,\r 2,\r 3]\r").waitFor('= [1, 2, 3]')

        then:
        repl.quit() == 0
        repl.journal.steps(repl.repl.runId())*.state == ['SUCCEEDED'] * 4
    }

    def "the history file keeps every command but never a secret's value"() {
        given:
        repl = new ReplDriver(dir, [DB_PASSWORD: 'hunter2-s3cret']).start()

        when:
        repl.type("def pw = secret('DB_PASSWORD')\r").waitFor('= ${secret:DB_PASSWORD}')
        repl.type("sh 'echo connecting with hunter2-s3cret'\r").waitFor('connecting with ${secret:DB_PASSWORD}')
        repl.quit()
        def history = Files.readString(repl.home.resolve('repl_history'))

        then:
        history.contains("def pw = secret('DB_PASSWORD')")
        history.contains('sh \'echo connecting with ${secret:DB_PASSWORD}\'')
        !history.contains('hunter2')
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(repl.home.resolve('repl_history'))) == 'rw-------'
        !repl.output.contains('hunter2')
        !new RunReport(repl.journal, repl.journal.run(repl.repl.runId()).get()).text().contains('hunter2')
    }

    def "Ctrl-C stops a long verb, the shell goes on, and the journal says interrupted"() {
        given:
        repl = new ReplDriver(dir).start()

        when:
        long start = System.nanoTime()
        repl.type("sh 'sleep 30'\r").waitFor("sh: run 'sleep 30'")
        Thread.sleep(300)
        repl.terminal.raise(Terminal.Signal.INT)
        repl.waitFor('stopped by Ctrl-C')
        repl.type("log 'still here'\r").waitFor('still here')
        int code = repl.quit()
        def steps = repl.journal.steps(repl.repl.runId())

        then:
        (System.nanoTime() - start) / 1e9 < 15
        steps*.state == ['INTERRUPTED', 'SUCCEEDED']
        repl.journal.calls(repl.repl.runId()).first().state().name() == 'FAILED'
        code == 130
    }

    def ":save writes the session's successful commands as a runbook that check accepts and that replays the same effects"() {
        given:
        repl = new ReplDriver(dir).start()

        when:
        repl.type("def db = sqlite 'app.db'\r").waitFor('= sqlite')
        repl.type("def snap = backup db, to: 'backups'\r").waitFor('= backup')
        repl.type("bakup db\r").waitFor('did you mean backup?')
        repl.type("verify snap, query: 'SELECT COUNT(*) FROM users', expect: { it == 1 }\r").waitFor('= Verification')
        repl.type("sh 'echo done >> effects.txt'\r").waitFor("sh: run 'echo done >> effects.txt'")
        repl.type(":save fix-db.groovy\r").waitFor('Saved repl/fix-db@1.0.0')
        repl.quit()
        def saved = Files.readString(dir.resolve('fix-db.groovy'))

        then:
        !saved.contains('bakup')
        saved.contains("step 'backup, verify'")
        ripcord('check', 'fix-db.groovy', cwd: dir, env: repl.env).exit == 0

        when:
        def run = ripcord('run', 'fix-db.groovy', cwd: dir, env: repl.env)

        then:
        run.exit == 0
        Files.list(dir.resolve('backups')).filter { it.toString().endsWith('.sqlite.gz') }.count() == 2
        Files.readAllLines(dir.resolve('effects.txt')) == ['done', 'done']
    }

    def ":step runs one step of a loaded runbook with its parameters, journaled in the session; :plan on only describes"() {
        given:
        repl = new ReplDriver(dir).start()

        when:
        repl.type(":load app.groovy -p label=manual\r").waitFor('Loaded')
        repl.type(":plan on\r").waitFor('Plan mode')
        repl.type(":step 'back up'\r").waitFor('+ backup:')
        repl.type(":plan off\r").waitFor('Plan mode off')

        then:
        !Files.exists(dir.resolve('backups'))

        when:
        repl.type(":step 'back up'\r").waitFor('wrote ')
        repl.type(":step verfy\r").waitFor('did you mean verify?')
        repl.quit()

        then:
        Files.list(dir.resolve('backups')).count() == 2 // the artifact and its manifest
        repl.journal.steps(repl.repl.runId())*.name.any { it.contains(":step back up (app/backup@1.0.0)") }
    }

    def "the session is an interactive run that runs and show display, and that resume refuses"() {
        given:
        repl = new ReplDriver(dir).start()
        repl.type("log 'hello'\r").waitFor('hello')
        repl.quit()
        String id = repl.repl.runId()

        when:
        def runs = ripcord('runs', cwd: dir, env: repl.env)
        def show = ripcord('show', id, cwd: dir, env: repl.env)
        def resume = ripcord('resume', id, cwd: dir, env: repl.env)

        then:
        runs.out.contains("$id  SUCCEEDED  interactive session")
        show.out.contains("#1 log 'hello'  SUCCEEDED")
        resume.exit == 2
        resume.err.contains('is an interactive session; it has no runbook to resume')
        repl.journal.run(id).get().kind() == 'interactive'
        repl.journal.run(id).get().state() == RunState.SUCCEEDED
    }
}
