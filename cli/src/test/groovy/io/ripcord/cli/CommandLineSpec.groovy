package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

class CommandLineSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-cli')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "--version names Ripcord, Groovy and the JVM"() {
        when:
        def result = ripcord('--version')

        then:
        result.exit == 0
        result.out =~ /ripcord \d+\.\d+\.\d+/
        result.out.contains('groovy 5.')
    }

    def "without a command it shows the usage and exits 2"() {
        when:
        def result = ripcord([:])

        then:
        result.exit == 2
        result.err.contains('Usage: ripcord')
        ['check', 'plan', 'run', 'help'].every { result.err.contains(it) }
    }

    def "'ripcord #command --help' shows that command's own usage (commands are added only when used)"() {
        when:
        def result = ripcord(command, '--help')

        then:
        result.exit == 0
        result.out.startsWith("Usage: ripcord $command")

        where:
        command << ['check', 'plan', 'run', 'resume', 'list', 'runs', 'backups', 'show', 'unlock']
    }

    def "an unknown option is a usage error (exit 2) that names it"() {
        when:
        def result = ripcord('plan', '--jsno', 'x.groovy')

        then:
        result.exit == 2
        result.err.contains("Unknown option: '--jsno'")
    }

    def "help #topic shows #what"() {
        when:
        def result = ripcord('help', topic)

        then:
        result.exit == 0
        result.out.contains(shown)

        where:
        topic  | what                         | shown
        'sh'   | "the verb's arguments"       | 'timeout  a duration, default 10.minutes'
        'wait' | "the verb's usage"           | 'Usage: wait DURATION, [reason: '
        'run'  | "the command's usage"        | 'Usage: ripcord run'
        'plan' | "the command's options"      | '--json'
    }

    def "help without a topic lists commands and verbs"() {
        when:
        def result = ripcord('help')

        then:
        result.exit == 0
        result.out.contains('Verbs (ripcord help VERB):')
        result.out =~ /(?m)^  sh +Run a command/
    }

    def "help on an unknown topic exits 2 with the nearest names"() {
        when:
        def result = ripcord('help', 'wiat')

        then:
        result.exit == 2
        result.err.contains("no command or verb named 'wiat' — did you mean wait?")
    }

    def "colour is #expectation when terminal=#terminal and #variables"() {
        given:
        def file = runbook('ok.groovy', "runbook 'demo/ok', version: '1.0.0', { step 'a', { log 'hi' } }")
        def env = [PATH: System.getenv('PATH'), TERM: 'xterm-256color'] + variables

        when:
        def result = ripcord('plan', file, cwd: dir, env: env, terminal: terminal)

        then:
        result.exit == 0
        result.out.contains('\u001b[') == coloured

        where:
        terminal | variables                             | coloured | expectation
        true     | [:]                                   | true     | 'on'
        true     | [NO_COLOR: '1']                       | false    | 'off'
        false    | [:]                                   | false    | 'off'
        true     | [CLICOLOR: '0']                       | false    | 'off'
        true     | [TERM: 'dumb']                        | false    | 'off'
        false    | [CLICOLOR_FORCE: '1']                 | true     | 'on'
        false    | [CLICOLOR_FORCE: '0']                 | false    | 'off'
        false    | [CLICOLOR_FORCE: '1', NO_COLOR: '1']  | false    | 'off'
    }

    def "help lists every command with a whole sentence, never cut mid-way"() {
        when:
        def result = ripcord('help')
        List<String> lines = result.out.readLines()
        int from = lines.indexOf('Commands:') + 1
        // a command's entry is its first line and the deeper-indented lines that wrap it
        Map<String, String> entries = [:]
        String current = null
        for (String line : lines.subList(from, lines.size()).takeWhile { it.startsWith('  ') }) {
            def m = line =~ /^  (\S+)\s+(.*)$/
            if (m.matches()) {
                current = m.group(1)
                entries[current] = m.group(2)
            } else {
                entries[current] += ' ' + line.strip()
            }
        }

        then:
        result.exit == 0
        entries.keySet() == ['check', 'plan', 'run', 'resume', 'list', 'runs', 'backups', 'show', 'schedule', 'unlock', 'repl', 'completion', 'help'] as Set
        entries.findAll { name, text -> !(text.endsWith('.') || text.endsWith('.)')) } == [:]
    }

    def "show and resume take 'last' for the newest run, and runs takes --state in any case"() {
        given:
        def env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]
        def file = runbook('two.groovy', "runbook 'demo/two', version: '1.0.0', { step 'a', { log 'first' } }")
        def failing = runbook('fails.groovy', "runbook 'demo/fails', version: '1.0.0', { step 'a', { sh 'exit 3' } }")

        when:
        ripcord('run', '--no-plan', file, cwd: dir, env: env)
        def failed = ripcord('run', '--no-plan', failing, cwd: dir, env: env)
        String id = (failed.err =~ /\(run (\S+)\)/)[0][1]
        def shown = ripcord('show', 'last', cwd: dir, env: env)
        def listed = ripcord('runs', '--state', 'failed', cwd: dir, env: env)
        def resumed = ripcord('resume', 'last', cwd: dir, env: env)

        then:
        failed.exit == 1
        shown.exit == 0
        shown.out.readLines()[0].startsWith("Run $id")
        listed.exit == 0
        listed.out.readLines().drop(1)*.split(/\s+/)*.getAt(0) == [id]
        resumed.exit == 1 // the same command fails again: but the run it resumed is the newest
        resumed.err.contains("(run $id)")
    }

    def "'show last' on a journal without runs says there are none yet"() {
        given: 'a journal whose only run is deleted'
        def env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]
        ripcord('run', '--no-plan', runbook('x.groovy', "runbook 'demo/x', version: '1.0.0', { step 'a', { log 'x' } }"), cwd: dir, env: env)
        def p = new ProcessBuilder('sqlite3', dir.resolve('home/journal.db').toString(),
                'PRAGMA foreign_keys=OFF; DELETE FROM calls; DELETE FROM steps; DELETE FROM events; DELETE FROM runs;').redirectErrorStream(true).start()
        assert p.waitFor() == 0: p.inputStream.text

        when:
        def result = ripcord('show', 'last', cwd: dir, env: env)

        then:
        result.exit == 2
        result.err.contains("error[UNKNOWN_RUN]: no runs in the journal ${dir.resolve('home/journal.db')} yet")
        result.err.contains('next: `ripcord run FILE` starts one')
    }

    def "a duration parameter takes every form Ripcord prints: #given"() {
        given:
        def file = runbook('wait.groovy', """runbook 'demo/wait', version: '1.0.0', {
            param 'settle', type: Duration, default: 30.seconds
            step 'a', { log "settle \${params.settle}" }
        }""")

        when:
        def result = ripcord('plan', file, '-p', "settle=$given", cwd: dir)

        then:
        result.exit == 0
        result.out.contains("settle $printed")

        where:
        given   || printed
        '1m30s' || '1m30s'
        '90s'   || '1m30s'
        '1h 5m' || '1h5m'
        '1.5s'  || '1.5s'
    }

    def "errors carry no stack trace unless --debug"() {
        given:
        def file = runbook('bad.groovy', "runbook 'demo/bad', version: '1.0.0', { step 'a', { shh 'x' } }")

        when:
        def plain = ripcord('check', file, cwd: dir)
        def debug = ripcord('check', '--debug', file, cwd: dir)

        then:
        plain.exit == 2
        !plain.err.contains('\tat ')
        debug.exit == 2
        debug.err.contains('\tat ')
        debug.err.contains("unknown verb 'shh'")
    }

    def "check accepts several files and says which are fine"() {
        given:
        def good = runbook('good.groovy', "runbook 'demo/good', version: '1.0.0', { param 'x'\n step 'a', { log 'hi' } }")
        def bad = runbook('bad.groovy', "runbook 'demo/bad', version: '1.0', { step 'a', { log 'hi' } }")

        when:
        def result = ripcord('check', good, bad, 'missing.groovy', cwd: dir)

        then:
        result.exit == 2
        result.out.contains('ok  good.groovy  demo/good@1.0.0 (1 step, 1 param)')
        result.err.contains("version '1.0' is not a semantic version at bad.groovy:1")
        result.err.contains('cannot read runbook missing.groovy: no such file')
        result.err.contains('2 of 3 runbooks have problems')
    }

    private String runbook(String name, String text) {
        Files.writeString(dir.resolve(name), text)
        name
    }
}
