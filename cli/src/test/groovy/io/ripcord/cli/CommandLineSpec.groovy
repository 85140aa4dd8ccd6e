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

    def "colour is #expectation when terminal=#terminal and NO_COLOR=#noColor"() {
        given:
        def file = runbook('ok.groovy', "runbook 'demo/ok', version: '1.0.0', { step 'a', { log 'hi' } }")
        def env = [PATH: System.getenv('PATH'), TERM: 'xterm-256color']
        if (noColor != null) env.NO_COLOR = noColor

        when:
        def result = ripcord('plan', file, cwd: dir, env: env, terminal: terminal)

        then:
        result.exit == 0
        result.out.contains('\u001b[') == coloured

        where:
        terminal | noColor | coloured | expectation
        true     | null    | true     | 'on'
        true     | '1'     | false    | 'off'
        false    | null    | false    | 'off'
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
        result.out.contains('ok  good.groovy  demo/good@1.0.0 (1 steps, 1 params)')
        result.err.contains("version '1.0' is not a semantic version at bad.groovy:1")
        result.err.contains('cannot read runbook missing.groovy: no such file')
        result.err.contains('2 of 3 runbooks have problems')
    }

    private String runbook(String name, String text) {
        Files.writeString(dir.resolve(name), text)
        name
    }
}
