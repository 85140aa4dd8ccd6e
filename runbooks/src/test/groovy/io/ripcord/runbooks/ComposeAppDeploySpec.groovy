package io.ripcord.runbooks

import io.ripcord.cli.DemoService
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * Seed 004's automated rollback (runbooks/compose-app/deploy.groovy) on the demo service in a real Docker container:
 * a healthy release deploys, a broken one rolls back verified, a rollback that cannot bring health back says MANUAL
 * INTERVENTION REQUIRED, and a crash mid-deploy resumes.
 */
@IgnoreIf(value = { !System.getenv('CI') && !DemoService.available() }, reason = 'no Docker Engine or demo service (bin/test brings both up)')
@Timeout(180)
class ComposeAppDeploySpec extends Specification {

    @Snapshot
    Snapshotter snapshotter

    RunbookFixture fx = new RunbookFixture()
    String name = 'rc-compose-' + UUID.randomUUID().toString().substring(0, 8)
    Path state = fx.dir.resolve('app')
    int port

    def setup() {
        port = DemoService.start(name, state)
        ['first', 'second'].each { DemoService.addNote(port, it) }
        Files.writeString(state.resolve('compose.yml'), "services:\n  backend:\n    image: ripcord-demo:v1\n")
    }

    def cleanup() {
        DemoService.remove(name)
        fx.cleanup()
    }

    List<String> args(String image, String health = "http://127.0.0.1:$port/health") {
        ['compose-app/deploy', '-p', "image=$image", '-p', "container=$name", '-p', "compose=$state/compose.yml", '-p', "data=$state/data",
         '-p', "backups=${fx.dir}/backups", '-p', "health=$health", '-p', 'interval=200ms']*.toString()
    }

    int artifacts(String suffix) {
        Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.filter { it.fileName.toString().endsWith(suffix) }.count() as int }
    }

    def "a healthy release is backed up, deployed and passes the gate"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(DemoService.V3))

        then:
        result.exit == 0
        result.out.contains('Run succeeded: compose-app/deploy@1.0.0')
        DemoService.version(port) == 'v3'
        DemoService.notes(port) == 2
        artifacts('.yml.gz') == 1
        artifacts('.tar.gz') == 2                      // the data directory and the logs
        artifacts('.manifest.json') == 3
        Files.readString(fx.dir.resolve("backups/logs/${name}.log")).contains('ripcord-demo v1')
    }

    def "a broken release fails the gate and is rolled back: image, compose file and data, verified by the same gate (exit 3)"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(DemoService.V2))
        def show = fx.run(['show', RunbookFixture.runId(result)])

        then:
        result.exit == 3
        result.err =~ /the rollback ran and was verified \(RTO [0-9.]+m?s, RPO [0-9.]+m?s\)/
        DemoService.version(port) == 'v1'
        DemoService.imageOf(name) == DemoService.imageId(DemoService.V1)
        DemoService.notes(port) == 2
        show.out.contains('ROLLED_BACK')
        show.out.contains("restored: verify: repeat healthCheck of step 'health'")
        show.out =~ /RTO: [0-9.]+m?s/
        artifacts('-safety.tar.gz') == 1 && artifacts('-safety.yml.gz') == 1 // what v2 left, kept before the restore
    }

    def "a rollback that does not bring health back says MANUAL INTERVENTION REQUIRED (exit 4)"() {
        when: 'the health endpoint answers for no version (nothing listens there)'
        def result = fx.run(['run', '--no-plan'] + args(DemoService.V2, "http://127.0.0.1:1/health"))

        then:
        result.exit == 4
        result.err.contains('MANUAL INTERVENTION REQUIRED: the rollback of compose-app/deploy@1.0.0 failed')
        result.err.contains("NOT restored:  verify: repeat healthCheck of step 'health'")
        DemoService.imageOf(name) == DemoService.imageId(DemoService.V1) // what could be put back was
    }

    def "killed mid-deploy, the run resumes and finishes without backing up again"() {
        when:
        def crashed = fx.killWhen('[3/4] deploy', ['run', '--no-plan'] + args(DemoService.V3))
        def id = RunbookFixture.runId(crashed)
        def resumed = fx.run(['resume', id])

        then:
        crashed.exit == 137
        resumed.exit == 0
        resumed.out.contains('(done before, not repeated)')
        DemoService.version(port) == 'v3'
        artifacts('.manifest.json') == 3
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + args(DemoService.V2))

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<container>': name, '<port>': "$port".toString()])).matchesSnapshot()
    }
}
