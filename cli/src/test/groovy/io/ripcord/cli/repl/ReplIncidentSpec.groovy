package io.ripcord.cli.repl

import io.ripcord.cli.CliHarness
import io.ripcord.cli.Main
import spock.lang.AutoCleanup
import spock.lang.IgnoreIf
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * The real program on a real terminal (tmux): an on-call engineer loads the backup runbook, takes a backup, sees the
 * health check fail after the data went bad, restores, checks again, and mistypes along the way.
 */
@IgnoreIf(value = { !System.getenv('CI') && !Tmux.available() }, reason = 'no tmux (bin/engines/tmux.sh installs it)')
class ReplIncidentSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-incident')
    @AutoCleanup
    Tmux tmux

    def cleanup() {
        dir.toFile().deleteDir()
    }

    String users() {
        ['sqlite3', dir.resolve('app.db').toString(), 'SELECT COUNT(*) FROM users'].execute().text.trim()
    }

    def "an incident at the prompt: load, back up, a failing health check, restore, and bad input reported along the way"() {
        given:
        ['sqlite3', dir.resolve('app.db').toString(), "CREATE TABLE users(id INTEGER, role TEXT); INSERT INTO users VALUES (1, 'Admin'), (2, 'User');"]
                .execute().waitFor()
        Files.writeString(dir.resolve('app-backup.groovy'), '''\
            runbook 'app/backup', version: '1.0.0', {
                def db = sqlite 'app.db'
                step 'back up', { backup db, to: 'backups' }
            }
            '''.stripIndent())
        Map<String, String> env = CliHarness.defaultEnv() + [RIPCORD_HOME: dir.resolve('home').toString(), TERM: 'xterm-256color']
        tmux = new Tmux(dir.toFile(), env, [Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-XX:TieredStopAtLevel=1',
                                             '-cp', System.getProperty('java.class.path'), Main.name, 'repl'])

        when: 'the runbook is loaded and its backup step run'
        tmux.waitFor('ripcord> ')
        tmux.type(':load app-backup.groovy').waitFor('Loaded app/backup@1.0.0')
        tmux.type(":step 'back up'").waitFor('wrote ')

        and: 'the data goes bad and the health check fails'
        ['sqlite3', dir.resolve('app.db').toString(), 'DELETE FROM users'].execute().waitFor()
        String health = "healthCheck command('test \$(sqlite3 app.db \"SELECT COUNT(*) FROM users\") -gt 0')"
        tmux.type(health).waitFor('is unhealthy after 1 attempt')

        and: 'the operator mistypes, leaves a string open and misplaces a bracket'
        tmux.type('bakup db').waitFor('did you mean backup?')
        tmux.type("log 'oops").waitFor('a string is not closed')
        tmux.type("log 'x'))").waitFor('syntax error', 2)

        and: 'restores the last backup, found with Tab completion, and checks again'
        tmux.type('restore lastBa', false).key('Tab').type('(db)').waitFor('safety')
        tmux.type(health).waitFor(health, 2)
        tmux.type(':quit').waitFor('EXITED')

        then:
        users() == '2'
        tmux.screen().contains('restore lastBackup(db)')
        tmux.screen().contains('9 commands, 4 failed') // the second health check passed
        tmux.screen().contains('EXITED 1') // the first failure was the health check's
    }
}
