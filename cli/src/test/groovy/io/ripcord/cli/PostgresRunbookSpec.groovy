package io.ripcord.cli

import io.ripcord.stdlib.postgres.PostgresEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.stdlib.postgres.PostgresEngine.rows
import static io.ripcord.stdlib.postgres.PostgresEngine.sql

/** A PostgreSQL restore drill through the real command line, against the server bin/engines/postgres.sh brings up. */
@IgnoreIf(value = { !System.getenv('CI') && !PostgresEngine.available() }, reason = 'no PostgreSQL server (bin/engines/postgres.sh starts one)')
@Timeout(120)
class PostgresRunbookSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-pg-runbook')
    String db = PostgresEngine.freshDatabase('drill')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(), APP_DB_PASSWORD: PostgresEngine.PASSWORD]

    def setup() {
        sql(db, "CREATE TABLE users (id int PRIMARY KEY, role text); INSERT INTO users SELECT i, CASE WHEN i % 10 = 0 THEN 'Admin' ELSE 'User' END FROM generate_series(1, 1000) i")
        Files.writeString(dir.resolve('drill.groovy'), """\
            runbook 'demo/pg-restore-drill', version: '1.0.0', {
                def db = postgres 'postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/${db}', password: secret('APP_DB_PASSWORD')
                step 'back up', {
                    backup db, to: 'backups', keep: 3
                }
                step 'verify', {
                    verify lastBackup(db), restoreTest: true, query: "SELECT count(*) FROM users WHERE role = 'Admin'", expect: { it == 100 }
                }
                step 'restore', {
                    restore lastBackup(db)
                }
            }
            """.stripIndent())
    }

    def cleanup() {
        PostgresEngine.drop(db)
        dir.toFile().deleteDir()
    }

    CliHarness.Result here(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    def "a runbook plans, backs up, verifies and restores a PostgreSQL database, and its password reaches no output or journal"() {
        when:
        def plan = here('plan', 'drill.groovy')

        then:
        plan.exit == 0
        plan.out.contains("+ backup: back up postgres $db@${PostgresEngine.HOST}:${PostgresEngine.PORT} to backups as $db-<time>.dump")
        plan.out =~ /source: pg_dump \d+\.\d+ of PostgreSQL \d+\.\d+, [\d.]+ [KM]B per pg_database_size/
        plan.out.contains("verify <from step 'verify': lastBackup>")

        when:
        sql(db, 'CREATE TABLE IF NOT EXISTS marker (x int)')
        def run = here('run', '--no-plan', 'drill.groovy')
        def shown = here('show', run.out.find(/Run (\S+)/) { it[1] }, '--format', 'json')

        then:
        run.exit == 0
        run.out.contains("ok: query SELECT count(*) FROM users WHERE role = 'Admin' = 100")
        run.out.contains('ok: pg_restore read every data block')
        run.out.contains('safety copy of the current state')
        run.out.contains("new connections to $db are allowed again")
        rows(db, 'SELECT count(*) FROM users')[0][0] == 1000
        shown.exit == 0
        !(run.out + run.err + shown.out).contains(PostgresEngine.PASSWORD)
        Files.walk(dir.resolve('home')).withCloseable { s -> s.filter { Files.isRegularFile(it) }.noneMatch { new String(Files.readAllBytes(it), 'ISO-8859-1').contains(PostgresEngine.PASSWORD) } }
        Files.walk(dir.resolve('backups')).withCloseable { s -> s.filter { it.toString().endsWith('.json') }.noneMatch { Files.readString(it).contains(PostgresEngine.PASSWORD) } }

        when:
        def listed = here('backups', "postgres:${PostgresEngine.HOST}:${PostgresEngine.PORT}/$db")
        def safety = here('backups', '--safety', "postgres:${PostgresEngine.HOST}:${PostgresEngine.PORT}/$db")

        then: 'the safety dump is listed apart from the backup'
        listed.out.readLines().size() == 2 // header, the backup
        !listed.out.contains('-safety.dump')
        safety.out.readLines().size() == 2 // header, the safety dump
        safety.out.contains('-safety.dump')
    }

    def "without password: the password comes from PGPASSFILE, for pg_dump and for Ripcord's own connections"() {
        given:
        Path passfile = dir.resolve('pgpass')
        Files.writeString(passfile, "*:*:*:${PostgresEngine.USER}:${PostgresEngine.PASSWORD}\n")
        Files.setPosixFilePermissions(passfile, java.nio.file.attribute.PosixFilePermissions.fromString('rw-------'))
        Files.writeString(dir.resolve('passfile.groovy'), """\
            runbook 'demo/pg-passfile', version: '1.0.0', {
                def db = postgres 'postgresql://${PostgresEngine.USER}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/${db}'
                step 'back up', { backup db, to: 'backups' }
                step 'verify', { verify lastBackup(db), query: 'SELECT count(*) FROM users', expect: 1000 }
            }
            """.stripIndent())

        when: 'a child JVM, so the driver and pg_dump both see PGPASSFILE in their environment'
        def run = CliHarness.ripcordProcess(['run', '--no-plan', 'passfile.groovy'] as String[], cwd: dir,
                env: [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(), PGPASSFILE: passfile.toString()])

        then:
        run.exit == 0
        run.out.contains('ok: query SELECT count(*) FROM users = 1000')
    }

    def "a server that refuses the login (#why) ends the run with 69, as a repository that refuses does"() {
        given:
        Files.writeString(dir.resolve('refused.groovy'), """\
            runbook 'demo/pg-refused', version: '1.0.0', {
                def db = postgres 'postgresql://${user}@${PostgresEngine.HOST}:${PostgresEngine.PORT}/${db}', password: secret('WRONG_PASSWORD')
                step 'back up', { backup db, to: 'backups' }
            }
            """.stripIndent())

        when:
        def run = ripcord(['run', '--no-plan', 'refused.groovy'] as String[], cwd: dir, env: env + [WRONG_PASSWORD: 'not-the-password'])

        then:
        run.exit == 69 // ENGINE_UNAVAILABLE
        run.err.contains("error[ENGINE_UNAVAILABLE]: step 'back up' failed: backup: cannot back up postgres ${db}@")
        run.err.contains(says)
        run.err.contains(next)
        !run.err.contains('\tat ')
        !Files.exists(dir.resolve('backups')) || Files.list(dir.resolve('backups')).withCloseable { it.toList() } == []

        where:
        why                | user                  | says                                                          | next
        'a wrong password' | PostgresEngine.USER   | "refused the login of user '${PostgresEngine.USER}'"          | 'check the password'
        'an unknown role'  | 'nobody_here'         | "refused the login of user 'nobody_here'"                     | 'and user: (PostgreSQL says the same of a role it does not know)'
    }

    def "a server that does not answer fails the step with what to do, and no stack trace"() {
        given:
        Files.writeString(dir.resolve('dead.groovy'), """\
            runbook 'demo/pg-dead', version: '1.0.0', {
                def db = postgres 'postgresql://app@127.0.0.1:1/app', password: secret('APP_DB_PASSWORD')
                step 'back up', { backup db, to: 'backups' }
            }
            """.stripIndent())

        when:
        def plan = here('plan', 'dead.groovy')
        def run = here('run', '--no-plan', 'dead.groovy')

        then:
        plan.exit == 0
        plan.out.contains('source: PROBLEM: cannot reach postgres app@127.0.0.1:1: the PostgreSQL server at 127.0.0.1:1 does not answer')
        run.exit == 69 // ENGINE_UNAVAILABLE
        run.err.contains("error[ENGINE_UNAVAILABLE]: step 'back up' failed: backup: cannot back up postgres app@127.0.0.1:1: the PostgreSQL server at 127.0.0.1:1 does not answer")
        run.err.contains('pg_isready -h 127.0.0.1 -p 1')
        !run.err.contains('\tat ')
    }
}
