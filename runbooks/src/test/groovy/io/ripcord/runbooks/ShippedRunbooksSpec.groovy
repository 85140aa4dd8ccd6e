package io.ripcord.runbooks

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot
import static io.ripcord.cli.CliHarness.ripcord

/** Every runbook shipped in runbooks/ loads, checks and plans; and the catalog lists each one. */
class ShippedRunbooksSpec extends Specification {

    static Path ROOT = repoRoot()

    static List<String> shipped() {
        Files.walk(ROOT.resolve('runbooks')).withCloseable { s ->
            s.filter { it.toString().endsWith('.groovy') && !it.toString().contains('/src/') && !it.toString().contains('/target/') }
                    .collect { ROOT.relativize(it).toString() }.sort()
        }
    }

    def "runbooks are shipped"() {
        expect:
        shipped().contains('runbooks/host/preflight.groovy')
    }

    def "#runbook passes check and plans"() {
        when:
        def check = ripcord('check', runbook, cwd: ROOT)
        def plan = ripcord('plan', runbook, cwd: ROOT)

        then:
        check.exit == 0
        plan.exit == 0
        plan.out.startsWith('Plan: ')

        where:
        runbook << shipped()
    }

    def "the catalog lists #runbook"() {
        expect:
        Files.readString(ROOT.resolve('runbooks/README.md')).contains("(${runbook - 'runbooks/'})")

        where:
        runbook << shipped()
    }

    def "the preflight runbook runs on this machine"() {
        when:
        def result = ripcord('run', 'runbooks/host/preflight.groovy', cwd: ROOT)

        then:
        result.exit == 0
        result.out.contains('tar (GNU tar)')
        result.out.contains('free space under .:')
    }
}
