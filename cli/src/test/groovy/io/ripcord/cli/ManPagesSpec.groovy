package io.ripcord.cli

import io.ripcord.problem.ExitCode
import spock.lang.IgnoreIf
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * The man pages are written from the command model (`ripcord help --man DIR`): one for ripcord with every command and
 * exit code, one a command with every option; groff renders each without a warning and `man -l` shows them.
 */
class ManPagesSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('ripcord-man')
    @Shared CliHarness.Result written
    @Shared List<String> commands

    def setupSpec() {
        written = CliHarness.ripcord('help', '--man', dir.toString())
        // the commands as `ripcord help` lists them, two spaces in, before the verbs
        commands = CliHarness.ripcord('help').out.readLines().dropWhile { it != 'Commands:' }.drop(1)
                .takeWhile { it }.findAll { it ==~ /  \w.*/ }.collect { it.trim().split(/\s+/)[0] }
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    def "help --man writes ripcord.1 and one page a command, naming each file it wrote"() {
        expect:
        written.exit == 0
        Files.list(dir).collect { it.fileName.toString() }.toSet() == (['ripcord.1'] + commands.collect { "ripcord-${it}.1".toString() }) as Set
        written.out.readLines().toSet() == Files.list(dir).collect { it.toString() }.toSet()
    }

    @IgnoreIf(value = { !System.getenv('CI') && !ManPagesSpec.tool('groff') }, reason = 'no groff (bin/engines/man.sh installs it)')
    def "groff renders #page without a warning"() {
        when:
        def render = exec('groff', '-man', '-Tutf8', '-ww', '-z', dir.resolve(page).toString())

        then:
        render.exit == 0
        render.err == ''

        where:
        page << ['ripcord.1'] + CliHarness.ripcord('help').out.readLines().dropWhile { it != 'Commands:' }.drop(1)
                .takeWhile { it }.findAll { it ==~ /  \w.*/ }.collect { "ripcord-${it.trim().split(/\s+/)[0]}.1".toString() }
    }

    @IgnoreIf(value = { !System.getenv('CI') && !ManPagesSpec.tool('man') }, reason = 'no man (bin/engines/man.sh installs man-db)')
    def "man -l shows ripcord(1) with every command, its exit codes and environment, and ripcord-run(1) with its options"() {
        when:
        String top = man(dir.resolve('ripcord.1'))
        String run = man(dir.resolve('ripcord-run.1'))

        then: 'the top page lists each command with a pointer to its page'
        top.contains('NAME\n       ripcord - Versioned Groovy runbooks for backups, restores and rollbacks\n')
        String flat = top.replaceAll(/-\s+/, '-').replaceAll(/\s+/, ' ') // however man filled the lines
        commands.findAll { command -> !top.readLines().any { it ==~ /\s+\Q$command\E(\s.*)?/ } } == []
        commands.findAll { !flat.contains("See ripcord-${it}(1).") } == []
        ExitCode.values().findAll { !top.contains("\n       ${it.code} ") } == []
        top.contains('RIPCORD_JOURNAL')

        and: 'a command page has its synopsis and options, hyphens as hyphens'
        run.contains('SYNOPSIS\n       ripcord run [OPTIONS] FILE|NAME[@VERSION]\n')
        run.contains('       --repl-on-failure\n')
        run.contains('       -p, --param KEY=VALUE\n')
        run.contains('ripcord(1), ripcord-check(1)')
    }

    static String man(Path page) {
        def shown = exec(['MANWIDTH': '120', 'MAN_KEEP_FORMATTING': '', 'PAGER': 'cat'], 'man', '-l', page.toString())
        assert shown.exit == 0: shown.err
        shown.out.replaceAll(/.\x08/, '') // no overstrike even if man decides to embolden
    }

    static boolean tool(String name) {
        ['/usr/bin', '/bin', '/usr/local/bin'].any { Files.isExecutable(Path.of(it, name)) }
    }

    static Map exec(Map env = [:], String... command) {
        def builder = new ProcessBuilder(command)
        builder.environment().putAll(env)
        def p = builder.start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(1, TimeUnit.MINUTES): "${command.toList()} did not end"
        p.waitForProcessOutput()
        [exit: p.exitValue(), out: out.toString(), err: err.toString()]
    }
}
