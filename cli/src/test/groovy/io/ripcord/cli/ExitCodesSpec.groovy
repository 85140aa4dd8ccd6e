package io.ripcord.cli

import io.ripcord.problem.ExitCode
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/**
 * The exit code follows from the problem code, whichever command finds the problem: a runbook that is wrong exits 2
 * from check, plan and run alike (nothing ran); bad input that only a run can see exits 2 while no call has acted in
 * that invocation, and fails the run (1) once one has.
 */
class ExitCodesSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-exit-codes')
    Map<String, String> env = CliHarness.defaultEnv() + [RIPCORD_HOME: dir.resolve('home').toString()]

    def cleanup() {
        dir.toFile().deleteDir()
    }

    def "#command of a runbook with #what exits 2 with error[INVALID_ARGUMENT], as nothing ran"() {
        given:
        Files.writeString(dir.resolve('bad.groovy'), """\
            runbook 'demo/bad', version: '1.0.0', {
                $code
            }
            """.stripIndent())

        when:
        def result = ripcord([cwd: dir, env: env], (command.split(' ').toList() + 'bad.groovy') as String[])

        then:
        result.exit == 2
        result.err.readLines().first() == "error[INVALID_ARGUMENT]: $message at bad.groovy:2"
        !Files.exists(dir.resolve('home/journal.db')) // not even a run was journaled

        where:
        command          | what                                 | code                                                        | message
        'check'          | 'a bad container name'               | "def app = container 'bad name!'\n step 'a', { log 'x' }"  | "container: 'bad name!' is not a container name"
        'plan'           | 'a bad container name'               | "def app = container 'bad name!'\n step 'a', { log 'x' }"  | "container: 'bad name!' is not a container name"
        'run --no-plan'  | 'a bad container name'               | "def app = container 'bad name!'\n step 'a', { log 'x' }"  | "container: 'bad name!' is not a container name"
        'plan'           | 'a health check of a URL that is not one' | "step 'a', { healthCheck http('htp:/x') }"             | "http: 'htp:/x' is not an http:// or https:// URL with a host"
        'run --no-plan'  | 'a health check of a URL that is not one' | "step 'a', { healthCheck http('htp:/x') }"             | "http: 'htp:/x' is not an http:// or https:// URL with a host"
    }

    def "a value of the wrong type that only the run has fails the run (exit 1) after a call acted, and exits 2 on a resume where nothing did"() {
        given: 'a runbook that passes its result on to a verb that wants a duration'
        Files.writeString(dir.resolve('typed.groovy'), '''\
            runbook 'demo/typed', version: '1.0.0', {
                def out = null
                step 'produce', { out = sh 'echo 5 >> effects.txt; echo 5' }
                step 'use', { wait out }
            }
            '''.stripIndent())

        when:
        def first = ripcord(cwd: dir, env: env, 'run', '--no-plan', 'typed.groovy')
        String runId = (first.out =~ /Run (\S+)/)[0][1]
        def resumed = ripcord(cwd: dir, env: env, 'resume', runId)

        then: 'the first attempt ran sh: the run failed part-way'
        first.exit == 1
        first.err.readLines().first() == "error[STEP_FAILED]: step 'use' failed: wait argument 'duration' expects a duration like 30.seconds, got 5 (CommandResult) at typed.groovy:4"

        and: 'the resume replayed sh and stopped at the bad value before anything acted'
        resumed.exit == 2
        resumed.err.readLines().first() == "error[INVALID_ARGUMENT]: step 'use' failed: wait argument 'duration' expects a duration like 30.seconds, got 5 (CommandResult) at ${dir.resolve('typed.groovy')}:4"
        Files.readAllLines(dir.resolve('effects.txt')) == ['5']
    }

    def "at the REPL, a command whose bad value came from an earlier command exits #exit with error[#code]"() {
        when:
        def running = CliHarness.startProcess(cwd: dir, env: env, 'repl')
        running.process.outputStream.withWriter('UTF-8') { it.write(input) }
        def result = running.finish()

        then:
        result.exit == exit
        result.err.readLines().find { it.startsWith('error[') }.startsWith("error[$code]: wait argument 'duration' expects a duration")

        where:
        input                                          | exit | code
        "def r = sh 'echo 5'\nwait r\n"                | 2    | 'INVALID_ARGUMENT'
        "def r = sh 'echo 5'\nsh 'true'; wait r\n"     | 1    | 'STEP_FAILED'
    }

    def "ripcord --help names every exit code, in order, on lines that fit 80 columns"() {
        when:
        def result = ripcord(cwd: dir, env: env, '--help')
        def footer = result.out.substring(result.out.indexOf('Exit codes:'))
        def listed = (footer.substring(0, footer.indexOf('.\n') + 1) =~ /(?:^|[:,]\s)(\d+) /).collect { it[1] as int }

        then:
        result.exit == 0
        listed == ExitCode.values()*.code.sort()
        footer.readLines().every { it.length() <= 80 }
    }
}
