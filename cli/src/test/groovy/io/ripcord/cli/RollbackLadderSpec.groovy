package io.ripcord.cli

import groovy.json.JsonSlurper
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * {@code rollbackIf … then ladder { level …; level … }} through the CLI: the levels climbed in order, each behind its
 * gate, only while the gate stays red; approvals; how the run ends and what the console, {@code show} and
 * {@code plan} say; a SIGKILL inside a level resumed. The "service" is a file: healthy when it holds the level that
 * {@code fixes} names, so each feature decides which level brings it back.
 */
@Timeout(120)
class RollbackLadderSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-ladder')
    Path state = dir.resolve('state'), log = dir.resolve('log'), fixes = dir.resolve('fixes')

    def cleanup() {
        dir.toFile().deleteDir()
    }

    Map<String, String> env() {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]
    }

    /** The ladder of seed 002, small: redeploy, revert (two calls), restore db (approved, with a gate of its own). */
    Path runbook(String levelTwoSecondCall = "sh 'echo 2 > $state; echo reverted >> $log'") {
        Path file = dir.resolve('ladder.groovy')
        Files.writeString(file, """\
            runbook 'demo/ladder', version: '1.0.0', {
                param 'startLevel', default: 1
                step 'deploy', { sh 'echo 0 > $state; echo deploy >> $log' }
                step 'health', { healthCheck command('grep -qx "\$(cat $fixes)" $state') }
                rollbackIf { failed 'health' } then ladder(from: params.startLevel) {
                    level 'redeploy', { sh 'echo 1 > $state; echo redeploy >> $log' }
                    level 'revert', {
                        sh 'echo revert >> $log'
                        $levelTwoSecondCall
                    }
                    level 'restore db', confirm: true, {
                        sh 'echo 3 > $state; echo restore >> $log'
                        gate { healthCheck command('test "\$(cat $state)" = 3') }
                    }
                }
            }
            """.stripIndent())
        file
    }

    CliHarness.Result run(int fixedBy, List<String> options = []) {
        Files.writeString(fixes, "$fixedBy\n")
        ripcord((['run', '--no-plan'] + options + [runbook().toString()]) as String[], cwd: dir, env: env())
    }

    List<String> logged() {
        Files.readAllLines(log)
    }

    static String runId(CliHarness.Result result) {
        (result.out =~ /(?:Run|Resuming run) (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
    }

    def show(CliHarness.Result result) {
        new JsonSlurper().parseText(ripcord(['show', runId(result), '--format', 'json'] as String[], cwd: dir, env: env()).out)
    }

    def "level 1 brings the service back: the run ends rolled back (exit 3) naming level 1, and no other level runs"() {
        when:
        def result = run(1)

        then:
        result.exit == 3
        logged() == ['deploy', 'redeploy']
        result.out.contains("✓ level 1 'redeploy': healthy: healthCheck of step 'health' (line 4) repeated")
        result.err.contains("step 'health' failed; level 1 'redeploy' of the ladder brought it back, its gate verified it (RTO ")
        show(result).rollback.fixedBy == 'redeploy'
        show(result).rollback.levels*.outcome == ['FIXED']
    }

    def "level 1's gate stays red, so level 2 runs and its gate verifies it; show gives each level's time and the RTO to level 2"() {
        when:
        def result = run(2)
        def text = ripcord(['show', runId(result)] as String[], cwd: dir, env: env()).out
        def json = show(result)

        then:
        result.exit == 3
        logged() == ['deploy', 'redeploy', 'revert', 'reverted']
        result.out.contains("✗ level 1 'redeploy': still red: healthCheck: command ")
        result.out.contains("✓ level 2 'revert': healthy")
        json.state == 'ROLLED_BACK'
        json.rollback.fixedBy == 'revert'
        json.rollback.levels*.name == ['redeploy', 'revert']
        json.rollback.levels*.outcome == ['STILL_RED', 'FIXED']
        json.rollback.levels.every { it.millis >= 0 && it.started != null }
        json.rollback.levels[1].did == ['sh (line 8)', 'sh (line 9)']

        and: 'the report has each level with its time, and the RTO to the level that worked'
        text =~ /RTO: \d+(ms|\.\ds) \(failure detected .* → level 'revert' verified .*\)/
        text.contains('fixed by level \'revert\' (2 levels tried)')
        text =~ /level 1 'redeploy': ran; its gate stayed red, took \d+(ms|\.\ds), from /
        text =~ /level 2 'revert': brought the service back, took \d+(ms|\.\ds), from /

        and: 'the rollback step\'s calls are headed by their level'
        text.contains("3. rollback  SUCCEEDED")
        text.readLines().findAll { it.startsWith('   level ') || it.startsWith('   #') }*.replaceAll(/^(   #\d+ \w+).*/, '$1') ==
                ['   #1 sh', '   #2 healthCheck', "   level 1 'redeploy':", '   #3 sh', '   #4 healthCheck', "   level 2 'revert':", '   #5 sh', '   #6 sh', '   #7 healthCheck']
    }

    def "red up to level 3, whose approval is refused: exit 4, MANUAL INTERVENTION REQUIRED lists every level, nothing of level 3 is done"() {
        when:
        def result = run(9)

        then:
        result.exit == 4
        logged() == ['deploy', 'redeploy', 'revert', 'reverted']
        Files.readString(state) == '2\n'
        result.err.contains('MANUAL INTERVENTION REQUIRED: the rollback of demo/ladder@1.0.0 failed')
        result.err.contains("level 1 'redeploy' ran; its gate stayed red")
        result.err.contains("level 2 'revert' ran; its gate stayed red")
        result.err.contains("level 3 'restore db' not approved; nothing of it was done")
        result.err.contains("FAILED:  approval: confirm: not approved: Level 3 of the rollback, 'restore db': go on? (no terminal to ask")
        result.err.contains("next: level 3 'restore db' was not approved: do it by hand, or start a new run that begins at it, approved with --approve 'restore db'")
        show(result).state == 'ROLLBACK_FAILED'
        show(result).rollback.levels*.outcome == ['STILL_RED', 'STILL_RED', 'NOT_APPROVED']
    }

    def "approved in advance with --approve 'LEVEL', level 3 runs and its own gate verifies it"() {
        when:
        def result = run(9, ['--approve', 'restore db'])

        then:
        result.exit == 3
        logged() == ['deploy', 'redeploy', 'revert', 'reverted', 'restore']
        result.out.contains("approved (--approve 'restore db')")
        result.out.contains("✓ level 3 'restore db': healthy: healthCheck (line 13)")
        show(result).rollback.fixedBy == 'restore db'
    }

    def "from: starts the climb at that level: the levels below it never run"() {
        when:
        def result = run(2, ['-p', 'startLevel=2'])

        then:
        result.exit == 3
        logged() == ['deploy', 'revert', 'reverted']
        show(result).rollback.levels*.name == ['revert']
    }

    def "a level whose action fails climbs to the next without asking its gate"() {
        given:
        Files.writeString(fixes, '9\n')
        Path file = runbook("sh 'exit 7'")

        when:
        def result = ripcord(['run', '--no-plan', '--yes', file.toString()] as String[], cwd: dir, env: env())
        def json = show(result)

        then:
        result.exit == 3
        logged() == ['deploy', 'redeploy', 'revert', 'restore']
        json.rollback.levels*.outcome == ['STILL_RED', 'FAILED', 'FIXED']
        json.rollback.levels[1].gate == 'not asked: the level\'s actions failed'
        json.rollback.levels[1].did == ['sh (line 8)', "stopped at line 9: sh: command exited with status 7: 'exit 7'"]
    }

    def "killed by SIGKILL inside level 2, the resume replays level 1, finishes level 2 and never runs level 3 early"() {
        given: 'level 2\'s second call kills the ripcord JVM the first time it runs'
        Files.writeString(fixes, '2\n')
        Path file = runbook("sh '[ -e ${dir.resolve('crashed')} ] || { touch ${dir.resolve('crashed')}; kill -9 \$PPID; sleep 10; }; echo 2 > $state; echo reverted >> $log'")

        when:
        def crashed = startProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env()).finish()
        def id = runId(crashed)

        then:
        crashed.exit == 137
        logged() == ['deploy', 'redeploy', 'revert']

        when:
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())

        then: 'level 1 and level 2\'s first call are replayed; the call in flight acts; level 3 is never reached'
        resumed.exit == 3
        logged() == ['deploy', 'redeploy', 'revert', 'reverted']
        resumed.out.count('(done before, not repeated)') == 3 // deploy's sh, level 1's sh, level 2's first sh
        resumed.out.count('(failed before, the same failure again, not retried)') == 2 // the health step, level 1's gate
        !resumed.out.contains('Level 3/3')
        show(resumed).rollback.levels*.outcome == ['STILL_RED', 'FIXED']
    }

    def "Ctrl-C inside level 2 pauses the rollback (exit 7); the resume goes on inside level 2"() {
        given: 'level 2\'s second call waits for a go'
        Files.writeString(fixes, '2\n')
        Path inside = dir.resolve('inside'), go = dir.resolve('go')
        Path file = runbook("sh 'touch $inside; [ -e $go ] || sleep 60; echo 2 > $state; echo reverted >> $log'")
        def running = startProcess(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env())

        when:
        long deadline = System.currentTimeMillis() + 60_000
        while (!Files.exists(inside) && running.process.alive && System.currentTimeMillis() < deadline) sleep 50
        assert Files.exists(inside)
        sleep 300 // the shell is in its sleep by now
        running.signal('INT')
        def interrupted = running.finish()
        Files.createFile(go)
        def resumed = CliHarness.ripcordProcess(['resume', runId(interrupted)] as String[], cwd: dir, env: env())

        then:
        interrupted.exit == 7
        interrupted.err.contains("error[ROLLBACK_INTERRUPTED]: interrupted during the rollback after step 'health' failed")
        resumed.exit == 3
        logged() == ['deploy', 'redeploy', 'revert', 'reverted']
        !resumed.out.contains('Level 3/3')
    }

    def "plan shows each level's actions in order, the gate between levels and the approval"() {
        when:
        def plan = ripcord(['plan', runbook().toString(), '-p', 'startLevel=2'] as String[], cwd: dir, env: env())
        String ladder = plan.out.substring(plan.out.indexOf('If a step fails'), plan.out.indexOf('\n2 steps'))
                .replace(dir.toString(), '<dir>').replaceAll(/\n+$/, '')

        then:
        plan.exit == 0
        ladder == '''\
            If a step fails

            ↩ rollback if failed 'health', level 1 of 3: redeploy  (line 6)
               (skipped: this run starts at level 2)

            ↩ rollback if failed 'health', level 2 of 3: revert  (line 7)
               ! sh: run 'echo revert >> <dir>/log'  :8
                   timeout: 10m
               ! sh: run 'echo 2 > <dir>/state; echo reverted >> <dir>/log'  :9
                   timeout: 10m
               ? healthCheck: probe command 'grep -qx "$(cat <dir>/fixes)" <dir>/state'  :4
                   attempts: 1 (5s each, 2s apart)
                   gate: repeated from the failed step; green: rolled back by this level; red: climb to level 3 'restore db'

            ↩ rollback if failed 'health', level 3 of 3: restore db (asks for approval)  (line 11)
               . confirm: ask: Level 3 of the rollback, 'restore db': go on?  :11
                   approve: at the terminal, or in advance with --yes or --approve 'restore db'
               ! sh: run 'echo 3 > <dir>/state; echo restore >> <dir>/log'  :12
                   timeout: 10m
               ? healthCheck: probe command 'test "$(cat <dir>/state)" = 3'  :13
                   attempts: 1 (5s each, 2s apart)
                   gate: green: rolled back by this level; red: the rollback FAILED, MANUAL INTERVENTION REQUIRED'''.stripIndent()
    }

    def "the rollback's calls are the planned actions of the levels it climbed, in order, with the planned arguments (fixed by level #fixedBy)"() {
        given:
        Files.writeString(fixes, "$fixedBy\n")
        def plan = new JsonSlurper().parseText(ripcord(['plan', '--json', runbook().toString()] as String[], cwd: dir, env: env()).out)

        when:
        def result = ripcord(['run', '--no-plan', '--yes', runbook().toString()] as String[], cwd: dir, env: env())
        def calls = show(result).steps.find { it.name == 'rollback' }.calls
        def planned = plan.rollbacks.take(fixedBy).collectMany { it.actions }

        then:
        result.exit == 3
        calls*.verb == planned*.verb
        [planned, calls].transpose().every { a, c -> a.args == null || a.args == c.args }

        where:
        fixedBy << [1, 2, 3]
    }

    def "a level that nothing can verify (no gate, no health check in the failed step) stops the climb: exit 4"() {
        given:
        Path file = dir.resolve('unverified.groovy')
        Files.writeString(file, """\
            runbook 'demo/unverified-ladder', version: '1.0.0', {
                step 'migrate', { sh 'exit 1' }
                rollbackIf { failed 'migrate' } then ladder {
                    level 'redeploy', { sh 'echo redeploy >> $log' }
                    level 'revert', { sh 'echo revert >> $log' }
                }
            }
            """.stripIndent())

        when:
        def result = ripcord(['run', '--no-plan', file.toString()] as String[], cwd: dir, env: env())

        then:
        result.exit == 4
        logged() == ['redeploy']
        result.err.contains("level 1 'redeploy' ran; nothing verified it")
        result.err.contains("gate:    no gate: neither the level has a gate { } nor did step 'migrate' run a health check; check the service by hand")
    }
}
