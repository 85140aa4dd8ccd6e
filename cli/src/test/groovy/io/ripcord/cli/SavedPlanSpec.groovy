package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord

/** `plan --out FILE` and `run --plan FILE`: a reviewed plan runs only while it is still what would run. */
class SavedPlanSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-saved-plan')
    Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]

    static final String RUNBOOK = '''\
        runbook 'demo/reviewed', version: '1.0.0', {
            param 'who', default: 'ops'
            step 'back up', { backup file('app.env'), to: 'backups' }
            step 'greet', { sh "echo hello ${params.who} >> effects.txt" }
        }
        '''.stripIndent()

    def setup() {
        Files.writeString(dir.resolve('reviewed.groovy'), RUNBOOK)
        Files.writeString(dir.resolve('app.env'), 'A=1\n')
    }

    def cleanup() {
        dir.toFile().deleteDir()
    }

    CliHarness.Result ripcordHere(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    def "a saved plan that still holds runs"() {
        when:
        def plan = ripcordHere('plan', 'reviewed.groovy', '-p', 'who=alice', '--out', 'reviewed.plan.json')
        def run = ripcordHere('run', 'reviewed.groovy', '-p', 'who=alice', '--plan', 'reviewed.plan.json')

        then:
        plan.exit == 0
        plan.out.contains('Plan written to reviewed.plan.json (hash ')
        plan.out.contains('ripcord run reviewed.groovy --plan reviewed.plan.json')
        run.exit == 0
        Files.readAllLines(dir.resolve('effects.txt')) == ['hello alice']
    }

    def "a stale plan is refused, saying what changed, and nothing runs: #change"() {
        given:
        ripcordHere('plan', 'reviewed.groovy', '--out', 'reviewed.plan.json')
        String envBefore = Files.readString(dir.resolve('app.env'))
        alter(dir)

        when:
        def run = ripcordHere(['run', 'reviewed.groovy', '--plan', 'reviewed.plan.json'] + extra as String[])

        then:
        run.exit == 2
        run.err.contains("the plan in reviewed.plan.json is stale: $why")
        run.err.contains('nothing has run')
        !Files.exists(dir.resolve('effects.txt'))
        !Files.exists(dir.resolve('backups')) || Files.list(dir.resolve('backups')).withCloseable { it.count() } == 0

        where:
        change                    | extra              | why                                                   | alter
        'another parameter value' | ['-p', 'who=eve']  | "parameter 'who' was ops, is now eve"                 | { Path d -> }
        'an edited runbook'       | []                 | 'the runbook reviewed.groovy changed since it was planned' | { Path d ->
            Files.writeString(d.resolve('reviewed.groovy'), RUNBOOK.replace('hello', 'hi')) }
        'the observed state'      | []                 | "step 'back up' would now do \"backup: "               | { Path d ->
            Files.writeString(d.resolve('app.env'), 'A=1\nB=2 and a much longer value that changes the size\n') }
    }

    def "a file that is not a saved plan is refused clearly: #what"() {
        given:
        Files.writeString(dir.resolve('p.json'), content)

        when:
        def run = ripcordHere('run', 'reviewed.groovy', '--plan', 'p.json')

        then:
        run.exit == 2
        run.err.contains("cannot use p.json as a plan: $why")
        !run.err.contains('Exception\n\tat')
        !Files.exists(dir.resolve('effects.txt'))

        where:
        what        | content                 | why
        'not JSON'  | 'hello {'               | 'it is not JSON'
        'other JSON'| '{"a": 1}'              | 'it is not a plan written by `ripcord plan --out`'
    }
}
