package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/**
 * A verb's rules across its arguments (expect: needs query:; a backup's to: holds one local directory, and encrypt:
 * needs a repository in it) refuse the file at check, before anything runs, when the file spells the values out.
 */
class CheckCallRulesSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-call-rules')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "check refuses #what at file:line with what to write instead, and writes nothing"() {
        given:
        Files.createDirectories(dir.resolve('app'))
        byte[] db = 'not touched'.bytes
        Files.write(dir.resolve('app/app.db'), db)
        Files.writeString(dir.resolve('r.groovy'), """\
            runbook 'e/rules', version: '1.0.0', {
                def db = sqlite 'app/app.db'
                step 's', { $line }
            }
            """.stripIndent())

        when:
        def check = ripcord(['check', 'r.groovy'] as String[], cwd: dir, env: env)
        def plan = ripcord(['plan', 'r.groovy'] as String[], cwd: dir, env: env)

        then:
        check.exit == 2
        check.err.contains("error[$code]: $message")
        check.err.readLines()[0].endsWith(' at r.groovy:3')
        check.err.contains("next: $next")
        !check.err.contains('\tat ')
        plan.exit == 2
        plan.err.contains("error[$code]: $message")
        Files.readAllBytes(dir.resolve('app/app.db')) == db
        !Files.exists(dir.resolve('bk')) && !Files.exists(dir.resolve('bk2'))

        where:
        what                                  | line                                                            | code                 | message                                                                                                  | next
        'expect: without query: in verify'    | "verify lastBackup(db), expect: 3"                              | 'INVALID_ARGUMENT'   | 'verify expect: checks the first value of query:, and no query: is given'                                | "add query: 'SELECT ...'"
        'a to: list of two local directories' | "backup db, to: ['bk', 'bk2']"                                  | 'INVALID_REPOSITORY' | 'backup to: names 2 local directories; give one, and copy to the others with copy'                     | 'see `ripcord help backup`'
        'a to: list of repositories only'     | "backup db, to: ['s3://bucket/app']"                            | 'INVALID_REPOSITORY' | "backup to: names no local directory; a backup is written locally first, then copied"                    | 'see `ripcord help backup`'
        'encrypt: without a repository'       | "backup db, to: 'bk', encrypt: 'age18gywu5lhe9wcxgcjf9x4u8t7gpca6cuzw54r06mwj4eg2s39actq640m9a'" | 'INVALID_ARGUMENT' | 'backup encrypt: encrypts the copies in repositories, and to: names none' | "add one: to: ['bk', 's3://BUCKET/PREFIX'], or leave encrypt: out"
    }

    def "check accepts #what"() {
        given:
        Files.writeString(dir.resolve('r.groovy'), """\
            runbook 'e/rules-ok', version: '1.0.0', {
                def db = sqlite 'app/app.db'
                def where = ['bk', 'bk2']
                step 's', { $line }
            }
            """.stripIndent())

        when:
        def check = ripcord(['check', 'r.groovy'] as String[], cwd: dir, env: env)

        then:
        check.exit == 0
        check.err == ''

        where:
        what                                              | line
        'expect: with query:'                             | "verify lastBackup(db), query: 'SELECT 1', expect: 1"
        'a local directory and a repository'              | "backup db, to: ['bk', 's3://bucket/app'], encrypt: 'age18gywu5lhe9wcxgcjf9x4u8t7gpca6cuzw54r06mwj4eg2s39actq640m9a'"
        'a to: list in a variable (the run checks it)'    | "backup db, to: where"
    }
}
