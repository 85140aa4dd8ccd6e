package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/**
 * The replay rule, through the real command line and journal: a call an earlier attempt finished is never repeated.
 * A completed call returns its result; a failed call that the runbook caught fails again the same way without acting;
 * only the call whose failure stopped the run acts again. Each command writes a line to effects.txt when it acts, so
 * the file is the exact list of what really ran.
 */
class ReplayRuleSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-replay')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]

    def cleanup() {
        dir.toFile().deleteDir()
    }

    CliHarness.Result ripcordHere(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    String onlyRunId() {
        def lines = ripcordHere('runs').out.readLines()
        assert lines.size() == 2: lines
        lines[1].split(/\s+/)[0]
    }

    List<String> effects() {
        Files.exists(dir.resolve('effects.txt')) ? Files.readAllLines(dir.resolve('effects.txt')) : []
    }

    /** Runs replay.groovy (it fails), makes READY and GO, resumes the run: both results. */
    List<CliHarness.Result> runThenResumeWhenReady() {
        def first = ripcordHere('run', '--no-plan', 'replay.groovy')
        def id = onlyRunId()
        Files.createFile(dir.resolve('READY'))
        Files.createFile(dir.resolve('GO'))
        [first, ripcordHere('resume', id)]
    }

    /** Step 'a' catches a failure (#form), then acts; step 'b' fails until GO exists. */
    static String runbook(String caught) {
        """\
        runbook 'demo/replay', version: '1.0.0', {
            step 'a', {
        ${caught.stripIndent().readLines().collect { '        ' + it }.join('\n')}
                sh 'echo effect >> effects.txt'
            }
            step 'b', {
                sh 'echo b >> effects.txt'
                sh 'test -f GO'
            }
        }
        """.stripIndent()
    }

    def "a failure caught by #form in a completed step is replayed as the same failure on resume, never run again"() {
        given:
        Files.writeString(dir.resolve('replay.groovy'), runbook(code))

        when: 'the first attempt: the caught call fails (no READY), the run stops at b (no GO)'
        def first = ripcordHere('run', '--no-plan', 'replay.groovy')
        def id = onlyRunId()

        then:
        first.exit == 1
        effects() == firstEffects

        when: 'everything is ready now; the resume must take exactly the same path through step a'
        Files.createFile(dir.resolve('READY'))
        Files.createFile(dir.resolve('GO'))
        def resumed = ripcordHere('resume', id)

        then: 'nothing of step a acts again, and the completed echo of b replays: only its failed test ran again'
        resumed.exit == 0
        effects() == firstEffects
        resumed.out.count('(failed before, the same failure again, not retried)') == replayedFailures
        resumed.out.contains("= sh: run 'echo effect >> effects.txt' (done before, not repeated)")

        where:
        form                               | replayedFailures | firstEffects                                  | code
        'try/catch'                        | 1                | ['probe', 'effect', 'b']                      | '''\
            try { sh 'echo probe >> effects.txt; test -f READY' } catch (e) { log 'not ready' }'''
        'a helper that swallows it, ?:'    | 1                | ['probe', 'fallback', 'effect', 'b']          | '''\
            def attempt = { Closure c -> try { c() } catch (e) { null } }
            def version = attempt { sh 'echo probe >> effects.txt; cat READY' }?.stdout ?: 'none'
            sh "echo ${version == 'none' ? 'fallback' : 'ready'} >> effects.txt"'''
        'a healthCheck with retries'       | 1                | ['effect', 'b']                               | '''\
            try { healthCheck command('test -f READY'), retries: 2, interval: 10.milliseconds } catch (e) { log 'down' }'''
        'a health check deciding an if'    | 1                | ['restart', 'effect', 'b']                    | '''\
            boolean up = true
            try { healthCheck command('test -f READY') } catch (e) { up = false }
            if (!up) { sh 'echo restart >> effects.txt' }'''
        'two catches in a row'             | 2                | ['probe', 'probe', 'effect', 'b']             | '''\
            2.times { try { sh 'echo probe >> effects.txt; test -f READY' } catch (e) { } }'''
    }

    def "in the step that stopped the run, its caught failures replay and only the call that stopped it is retried"() {
        given:
        Files.writeString(dir.resolve('replay.groovy'), '''\
            runbook 'demo/replay', version: '1.0.0', {
                step 'only', {
                    try { sh 'echo probe >> effects.txt; test -f READY' } catch (e) { log 'not ready yet' }
                    sh 'echo before >> effects.txt'
                    sh 'echo try >> effects.txt; test -f GO'
                    sh 'echo after >> effects.txt'
                }
            }
            '''.stripIndent())

        when:
        def (first, resumed) = runThenResumeWhenReady()

        then:
        first.exit == 1
        resumed.exit == 0
        effects() == ['probe', 'before', 'try', 'try', 'after']
    }

    def "a step that fails in its own code after catching a failure replays that caught failure on resume"() {
        given: 'the step throws (not a verb) once it has started and until GO exists; the plan pass never sees STARTED'
        Files.writeString(dir.resolve('replay.groovy'), """\
            runbook 'demo/replay', version: '1.0.0', {
                step 'only', {
                    try { sh 'echo probe >> effects.txt; test -f READY' } catch (e) { log 'not ready' }
                    sh 'touch STARTED'
                    if (new File('$dir/STARTED').exists() && !new File('$dir/GO').exists()) {
                        throw new IllegalStateException('no GO yet')
                    }
                    sh 'echo after >> effects.txt'
                }
            }
            """.stripIndent())

        when:
        def (first, resumed) = runThenResumeWhenReady()

        then:
        first.exit == 1
        first.err.contains('no GO yet')
        resumed.exit == 0
        effects() == ['probe', 'after']
    }

    def "a failure that stopped the run twice in a row is retried each time, and its last attempt's outcome stands"() {
        given:
        Files.writeString(dir.resolve('replay.groovy'), '''\
            runbook 'demo/replay', version: '1.0.0', {
                step 'only', {
                    sh 'echo try >> effects.txt; test -f GO'
                    try { sh 'echo probe >> effects.txt; test -f READY' } catch (e) { log 'not ready' }
                    sh 'echo last >> effects.txt; test -f DONE'
                }
            }
            '''.stripIndent())

        when: 'fails at the first call; then, with GO, at the last; then, with DONE, succeeds'
        ripcordHere('run', '--no-plan', 'replay.groovy')
        def id = onlyRunId()
        Files.createFile(dir.resolve('GO'))
        def second = ripcordHere('resume', id)
        Files.createFile(dir.resolve('READY'))
        Files.createFile(dir.resolve('DONE'))
        def third = ripcordHere('resume', id)

        then: "the probe failed in the second attempt and was caught: the third replays that failure though READY exists"
        second.exit == 1
        third.exit == 0
        effects() == ['try', 'try', 'probe', 'last', 'last']
    }

    static final String LEAKY = '''\
        runbook 'demo/separate', version: '1.0.0', {
            def seen = null
            step 'a', {
                sh "echo ${seen == null ? 'fresh' : 'leaked'} >> effects.txt"
                seen = 'set by step a'
            }
            step 'b', { sh 'test -f GO' }
        }
        '''.stripIndent()

    def "plan and run are separate evaluations: a variable the plan pass set is unset when the run (and its resume) starts"() {
        given:
        Files.writeString(dir.resolve('separate.groovy'), LEAKY)

        when: 'run prints its plan first (the plan pass runs every step), then runs'
        def run = ripcordHere('run', 'separate.groovy')
        def id = onlyRunId()
        Files.createFile(dir.resolve('GO'))
        def resumed = ripcordHere('resume', id)

        then:
        run.exit == 1
        run.out.contains("run 'echo fresh >> effects.txt'")
        resumed.exit == 0
        effects() == ['fresh']
    }

    def "run refuses a runbook whose content changed under a version that already ran, as check does; nothing runs"() {
        given:
        Files.writeString(dir.resolve('v.groovy'), '''\
            runbook 'demo/versioned', version: '1.0.0', {
                step 'a', { sh 'echo first-content >> effects.txt' }
            }
            '''.stripIndent())
        ripcordHere('run', '--no-plan', 'v.groovy')
        Files.writeString(dir.resolve('v.groovy'), Files.readString(dir.resolve('v.groovy')).replace('first-content', 'second-content'))

        when:
        def run = ripcordHere('run', '--no-plan', 'v.groovy')
        def check = ripcordHere('check', 'v.groovy')

        then:
        run.exit == 2
        check.exit == 2
        run.err.contains('content changed but version not bumped: demo/versioned@1.0.0 ran as run')
        run.err.contains('bump version: in v.groovy')
        effects() == ['first-content']
        ripcordHere('runs').out.readLines().size() == 2
    }
}
