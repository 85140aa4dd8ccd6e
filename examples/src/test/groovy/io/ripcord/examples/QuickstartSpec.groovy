package io.ripcord.examples

import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot
import io.ripcord.cli.PlanRunAgreement

import static io.ripcord.cli.CliHarness.ripcord

/**
 * The README's first command, as a user runs it: the quick-start runbook checks, plans (golden files pin the plan)
 * and runs. Golden files: src/test/resources/golden; -Dspock.snapshots.updateSnapshots=true rewrites them.
 */
class QuickstartSpec extends Specification {

    static final String RUNBOOK = 'examples/quickstart/hello.groovy'

    @Snapshot
    Snapshotter snapshotter

    Path root = repoRoot()

    def "the quick-start runbook passes check"() {
        when:
        def result = ripcord('check', RUNBOOK, cwd: root)

        then:
        result.exit == 0
        result.out.contains('quickstart/hello@1.0.0 (3 steps, 2 params)')
    }

    def "its JSON plan is stable"() {
        when:
        def result = ripcord('plan', '--json', RUNBOOK, cwd: root)

        then:
        result.exit == 0
        snapshotter.assertThat(result.out).matchesSnapshot()
    }

    def "its text plan is stable"() {
        when:
        def result = ripcord('plan', RUNBOOK, '-p', 'name=reviewer', cwd: root)

        then:
        result.exit == 0
        snapshotter.assertThat(result.out).matchesSnapshot()
    }

    def "it runs end to end and leaves its marker where it was told"() {
        given:
        Path scratch = Files.createTempDirectory('ripcord-quickstart')

        when:
        def result = PlanRunAgreement.run([cwd: root], ['run', RUNBOOK, '-p', "scratch=$scratch".toString()])

        then:
        result.exit == 0
        result.out.contains('[3/3] leave a marker')
        result.out.contains('Run succeeded: quickstart/hello@1.0.0, 3 steps')
        Files.readString(scratch.resolve('last-run.txt')) =~ /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/

        cleanup:
        scratch?.toFile()?.deleteDir()
    }
}
