package io.ripcord.runbooks

import io.ripcord.cli.DemoService
import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * Seed 001's rollback by image tags (runbooks/tagged-app/rollback.groovy) on the demo service in a real Docker
 * container. The incident: upgrade.sh tagged the release that worked (v1) as backup-*, an older backup-* tag and a
 * registry version (2.3.0, v3) exist, and the running release is the broken v2. Database and uploads were backed up
 * before the upgrade; the broken release then changed both.
 */
@IgnoreIf(value = { !System.getenv('CI') && !DemoService.available() }, reason = 'no Docker Engine or demo service (bin/test brings both up)')
@Timeout(180)
class TaggedAppRollbackSpec extends Specification {

    @Snapshot
    Snapshotter snapshotter

    /** The tags of the repository: two backups upgrade.sh left (the newest is v1) and two registry versions. */
    static final Map<String, String> TAGS = ['backup-20250101-090000': DemoService.V3, 'backup-20250301-120000': DemoService.V1,
                                             '2.3.0': DemoService.V3, '2.4.0': DemoService.V2]

    RunbookFixture fx = new RunbookFixture()
    String name = 'rc-tagged-' + UUID.randomUUID().toString().substring(0, 8)
    String repository = "ripcord-test/$name"
    Path state = fx.dir.resolve('app'), uploads = state.resolve('data/uploads')
    int port

    def setup() {
        TAGS.each { tag, image -> DockerTestEngine.run(['docker', 'tag', image, "$repository:$tag".toString()]) }
        port = DemoService.start(name, state)
        ['first', 'second'].each { DemoService.addNote(port, it) }
        Files.createDirectories(uploads)
        (1..3).each { Files.writeString(uploads.resolve("logo-${it}.svg"), "<svg>${(1..20).collect { UUID.randomUUID() }}</svg>\n") }
        Path backup = fx.dir.resolve('backup.groovy')
        Files.writeString(backup, """\
            runbook 'spec/upgrade-backup', version: '1.0.0', {
                step 'back up', {
                    backup sqlite('$state/data/app.sqlite'), to: '${fx.dir}/backups'
                    backup dir('$uploads'), to: '${fx.dir}/backups'
                }
            }
            """.stripIndent())
        assert fx.run(['run', '--no-plan', backup.toString()]).exit == 0

        // the upgrade: v2 replaces v1, writes a note and drops an upload
        port = DemoService.start(name, state, DemoService.V2)
        DemoService.addNote(port, 'written by the broken release')
        Files.delete(uploads.resolve('logo-3.svg'))
    }

    def cleanup() {
        DemoService.remove(name)
        DockerTestEngine.exec(['docker', 'rmi'] + TAGS.keySet().collect { "$repository:$it".toString() })
        fx.cleanup()
    }

    List<String> args(Map extra = [:]) {
        (['tagged-app/rollback', '-p', "container=$name", '-p', "repository=$repository", '-p', "db=$state/data/app.sqlite",
          '-p', "static=$uploads", '-p', "health=http://127.0.0.1:$port/health", '-p', 'interval=200ms'] +
                extra.collectMany { k, v -> ['-p', "$k=$v"] })*.toString()
    }

    int uploadCount() { uploads.toFile().list().length }

    def "the emergency rollback runs the newest backup-* tag and leaves the data as it is"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args())

        then:
        result.exit == 0
        result.out.contains("rolling back to $repository:backup-20250301-120000")
        DemoService.version(port) == 'v1'
        DemoService.imageOf(name) == DemoService.imageId(DemoService.V1)
        DemoService.notes(port) == 3
        uploadCount() == 2
    }

    def "version= rolls back to that tag"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(version: '2.3.0'))

        then:
        result.exit == 0
        DemoService.version(port) == 'v3'
    }

    def "withData=true also restores the database and the static files, each after a safety copy"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(withData: true))

        then:
        result.exit == 0
        DemoService.version(port) == 'v1'
        DemoService.notes(port) == 2
        uploadCount() == 3
        fx.dir.resolve('backups').toFile().list().findAll { it ==~ /.*-safety\..*manifest\.json/ }.size() == 2 // database and uploads
    }

    def "a tag that does not exist fails before anything stops"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(version: '9.9.9'))

        then:
        result.exit == 1
        result.err.contains("step 'find the image' failed")
        DemoService.version(port) == 'v2'
    }

    def "an image that stays unhealthy fails the run at its health loop (exit 1), every attempt journaled"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(version: '2.4.0'))
        def show = fx.run(['show', RunbookFixture.runId(result), '--format', 'json'])

        then:
        result.exit == 1
        result.err.contains("step 'start the old image' failed")
        show.out.count('"ok": false') + show.out.count('"ok":false') == 11
    }

    def "killed after the data came back, the run resumes on the same tag without restoring again"() {
        when:
        def crashed = fx.killWhen('[4/4] start the old image', ['run', '--no-plan'] + args(withData: true))
        def resumed = fx.run(['resume', RunbookFixture.runId(crashed)])

        then:
        crashed.exit == 137
        resumed.exit == 0
        resumed.out.contains('(done before, not repeated)')
        DemoService.version(port) == 'v1'
        DemoService.notes(port) == 2
        uploadCount() == 3
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + args(withData: true))

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<container>': name, '<port>': "$port".toString()])).matchesSnapshot()
    }
}
