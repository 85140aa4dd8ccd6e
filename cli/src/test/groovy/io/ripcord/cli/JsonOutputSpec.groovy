package io.ripcord.cli

import groovy.json.JsonSlurper
import spock.lang.Shared
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

import static io.ripcord.cli.CliHarness.ripcord

/**
 * Every listing speaks JSON for tools: runs, backups (and backups --check, as Ripcord's document or as
 * application/health+json), list, check, show. Each document starts with its format (the schema version), holds
 * numbers as numbers, and is pinned by a golden file (ids, moments, durations, paths and the operator as placeholders).
 */
class JsonOutputSpec extends Specification {

    @Snapshot(extension = 'json')
    Snapshotter snapshotter

    @Shared Path dir = Files.createTempDirectory('ripcord-json')
    @Shared Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(),
                                       RIPCORD_PATH: dir.resolve('library').toString()]
    @Shared String runId

    def setupSpec() {
        Files.createDirectories(dir.resolve('library'))
        Files.writeString(dir.resolve('data.txt'), 'twelve bytes')
        Files.writeString(dir.resolve('library/nightly.groovy'), '''\
            runbook 'demo/nightly', version: '1.0.0', {
                description 'Back up the data file and look at it'
                param 'label', default: 'nightly'
                step 'back up', { backup file('data.txt'), to: 'backups', compress: 'none' }
                step 'look', { sh 'cat data.txt' }
            }
            '''.stripIndent())
        Files.writeString(dir.resolve('library/broken.groovy'), "runbook 'demo/broken', version: '1.0.0', {\n    step 'a', { nosuchverb 1 }\n}\n")
        def run = here('run', '--no-plan', 'demo/nightly')
        assert run.exit == 0: run.all
        runId = (run.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    def "#command prints the #format document"() {
        when:
        def result = here(args.collect { it == 'RUN' ? runId : it } as String[])
        def json = new JsonSlurper().parseText(result.out)

        then:
        result.exit == exit
        json.format == format
        snapshotter.assertThat(normalized(result.out)).matchesSnapshot(name)

        where:
        command                          | args                                                    || exit | format                   | name
        'runs --json'                    | ['runs', '--json']                                      || 0    | 'ripcord-runs/1'         | 'runs'
        'show --json'                    | ['show', 'RUN', '--json']                               || 0    | 'ripcord-run/1'          | 'show'
        'list --json'                    | ['list', '--json']                                      || 0    | 'ripcord-runbooks/1'     | 'list'
        'check --json'                   | ['check', '--json', 'demo/nightly', 'library/broken.groovy'] || 2 | 'ripcord-check/1'     | 'check'
        'backups --json'                 | ['backups', '--json']                                   || 0    | 'ripcord-backups/1'      | 'backups'
        'backups --check --json'         | ['backups', '--check', '--json', '--max-age', '1h']     || 0    | 'ripcord-backup-check/1' | 'backups-check'
        'backups --check --json, failing'| ['backups', '--check', '--json', '--min-size', '1KB']   || 1    | 'ripcord-backup-check/1' | 'backups-check-failing'
    }

    def "numbers are numbers: sizes in bytes, durations in milliseconds"() {
        when:
        def backups = new JsonSlurper().parseText(here('backups', '--json').out)
        def show = new JsonSlurper().parseText(here('show', runId, '--json').out)

        then:
        backups.backups[0].sizeBytes == 12
        backups.backups[0].ageMs instanceof Number
        show.durationMs instanceof Number
        show.steps*.durationMs.every { it instanceof Number }
        show.steps[1].calls[0].elapsedMs instanceof Number
    }

    def "show --json gives each call when it started and ended"() {
        when:
        def show = new JsonSlurper().parseText(here('show', runId, '--json').out)
        def call = show.steps[1].calls[0]

        then:
        Instant.parse(call.startedAt).plusMillis(call.elapsedMs) == Instant.parse(call.finishedAt)
        !Instant.parse(call.startedAt).isBefore(Instant.parse(show.steps[1].startedAt))
        !Instant.parse(call.finishedAt).isAfter(Instant.parse(show.steps[1].finishedAt))
    }

    def "backups --check --format health answers application/health+json for uptime monitors"() {
        when:
        def pass = here('backups', '--check', '--format', 'health', '--max-age', '1h')
        def fail = here('backups', '--check', '--format', 'health', '--min-size', '1KB')
        def json = new JsonSlurper().parseText(fail.out)

        then:
        pass.exit == 0
        new JsonSlurper().parseText(pass.out).status == 'pass'
        fail.exit == 1
        json.status == 'fail'
        json.checks.keySet() == ["backup:file:${dir.toRealPath().resolve('data.txt')}".toString()] as Set
        json.checks.values()[0][0].status == 'fail'
        json.checks.values()[0][0].output == 'smaller than 1KB'
        json.checks.values()[0][0].observedUnit == 's'
        snapshotter.assertThat(normalized(fail.out)).matchesSnapshot('backups-health')
    }

    def "--format without --check is refused"() {
        when:
        def result = here('backups', '--format', 'health')

        then:
        result.exit == 2
        result.err.contains('error[INVALID_COMMAND_LINE]: --format health says how --check reports')
    }

    // ---- helpers

    CliHarness.Result here(String... args) {
        ripcord(args, cwd: dir, env: env)
    }

    /** The golden form: what differs between machines and runs becomes a placeholder. */
    String normalized(String json) {
        json.replace(dir.toRealPath().toString(), '<dir>').replace(dir.toString(), '<dir>')
                .replace(runId, '<run>')
                .replaceAll(/"\d{4}-\d\d-\d\dT[0-9:.]+Z"/, '"<time>"')
                .replaceAll(/("(?:durationMs|elapsedMs|ageMs|observedValue)"): \d+/, '$1: "<n>"')
                .replaceAll(/(data|nightly)-\d{8}-\d{6}(-[0-9a-f]+)?/, '$1-<stamp>')
                .replace("\"${System.getProperty('user.name')}\"", '"<user>"')
                .replace("\"${InetAddress.localHost.hostName}\"", '"<host>"')
                .replaceAll(/"started by [^@"]+@[^ "]+ \(pid \d+\)"/, '"started by <user>@<host> (pid <n>)"')
    }
}
