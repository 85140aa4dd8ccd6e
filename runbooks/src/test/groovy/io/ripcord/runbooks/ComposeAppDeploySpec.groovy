package io.ripcord.runbooks

import com.sun.net.httpserver.HttpServer
import groovy.json.JsonSlurper
import io.ripcord.cli.DemoService
import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Snapshot
import spock.lang.Snapshotter
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList

/**
 * Seed 004's automated rollback (runbooks/compose-app/deploy.groovy) on the demo service as a real Docker Compose
 * project (docker-compose, its image under a tag of this spec): a healthy release deploys, a broken one rolls back
 * (the whole project down and up, as the seed does it)
 * verified (image loaded back from its docker save, compose file, data) and the report reaches the webhook, a rollback
 * that cannot bring health back says MANUAL INTERVENTION REQUIRED, and a crash mid-deploy resumes.
 */
@IgnoreIf(value = { !System.getenv('CI') && !(DemoService.available() && DockerTestEngine.exec(['docker-compose', 'version']).exit == 0) },
        reason = 'no Docker Engine, docker-compose or demo service (bin/test brings them up)')
@Timeout(180)
class ComposeAppDeploySpec extends Specification {

    @Snapshot
    Snapshotter snapshotter

    RunbookFixture fx = new RunbookFixture()
    String name = 'rc-compose-' + UUID.randomUUID().toString().substring(0, 8)
    String tag = "ripcord-test/$name:latest"
    Path state = fx.dir.resolve('app')
    int port = DockerTestEngine.freePort()
    HttpServer hook
    final List<Map> reports = new CopyOnWriteArrayList<>()

    def setup() {
        Files.createDirectories(state.resolve('data'))
        Files.writeString(state.resolve('app.env'), "APP_NAME=$name\n")
        Files.writeString(state.resolve('compose.yml'), """\
            version: "2.4"
            services:
              backend:
                image: $tag
                container_name: $name
                ports: ["127.0.0.1:$port:8080"]
                volumes: ["$state/data:/data", "$state/app.env:/app.env:ro"]
                environment: [DEMO_ENV_FILE=/app.env]
            """.stripIndent())
        DockerTestEngine.run(['docker', 'tag', DemoService.V1, tag])
        compose('up', '-d')
        ['first', 'second'].each { DemoService.addNote(port, it) }
    }

    def cleanup() {
        hook?.stop(0)
        compose('down')
        DockerTestEngine.exec(['docker', 'rmi', tag, tag + '-ripcord-previous'])
        fx.cleanup()
    }

    void compose(String... command) {
        DockerTestEngine.run(['docker-compose', '-p', name, '-f', "$state/compose.yml".toString()] + command.toList())
    }

    List<String> args(String image, String health = "http://127.0.0.1:$port/health", Map extra = [:]) {
        (['compose-app/deploy', '-p', "image=$image", '-p', "tag=$tag", '-p', "project=$name", '-p', 'service=backend',
          '-p', "container=$name", '-p', "compose=$state/compose.yml", '-p', "data=$state/data",
          '-p', "backups=${fx.dir}/backups", '-p', "health=$health", '-p', 'interval=200ms'] + extra.collectMany { k, v -> ['-p', "$k=$v"] })*.toString()
    }

    /** A webhook on loopback that keeps what it receives. */
    String webhook() {
        hook = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        hook.createContext('/hook') { exchange ->
            reports << (Map) new JsonSlurper().parse(exchange.requestBody)
            exchange.sendResponseHeaders(200, -1)
            exchange.close()
        }
        hook.start()
        "http://127.0.0.1:${hook.address.port}/hook"
    }

    int artifacts(String suffix) {
        Files.list(fx.dir.resolve('backups')).withCloseable { s -> s.filter { it.fileName.toString().endsWith(suffix) }.count() as int }
    }

    def "a healthy release is backed up, deployed and passes the gate"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(DemoService.V3))

        then:
        result.exit == 0
        result.out.contains('Run succeeded: compose-app/deploy@2.1.0')
        DemoService.version(port) == 'v3'
        DemoService.imageId(tag) == DemoService.imageId(DemoService.V3)
        DemoService.notes(port) == 2
        artifacts('.yml.gz') == 1
        artifacts('.tar.gz') == 3                      // the image (docker save), the data directory and the logs
        artifacts('.manifest.json') == 4
        Files.readString(fx.dir.resolve("backups/logs/${name}.log")).contains('ripcord-demo v1')
    }

    def "a broken release fails the gate and is rolled back: image, compose file and data, verified by the same gate (exit 3), reported to the hook"() {
        when:
        def result = fx.run(['run', '--no-plan'] + args(DemoService.V2, "http://127.0.0.1:$port/health", [hook: webhook()]))
        def show = fx.run(['show', RunbookFixture.runId(result)])

        then:
        result.exit == 3
        result.out =~ /stopping compose project $name \(backend\): docker[ -]compose -p $name -f ${state}\/compose.yml down -t 30 \(volumes kept\)/
        result.out =~ /starting compose project $name \(backend\): docker[ -]compose -p $name -f ${state}\/compose.yml up -d/
        result.err =~ /the rollback ran and was verified \(RTO [0-9.]+m?s, RPO [0-9.]+m?s\)/
        DemoService.version(port) == 'v1'
        DemoService.imageOf(name) == DemoService.imageId(DemoService.V1)
        DemoService.imageId(tag) == DemoService.imageId(DemoService.V1)   // loaded back from the backup
        DemoService.notes(port) == 2
        reports.size() == 1
        reports[0].runbook == 'compose-app/deploy'
        reports[0].message == "$name/backend: ${DemoService.V2} failed its health gate and was rolled back".toString()
        show.out.contains('ROLLED_BACK')
        show.out.contains("restored: verify: repeat healthCheck of step 'health'")
        show.out =~ /RTO: [0-9.]+m?s/
        artifacts('-safety.tar') == 1 && artifacts('-safety.yml') == 1 // what v2 left, kept before the restore
    }

    def "a rollback that does not bring health back says MANUAL INTERVENTION REQUIRED (exit 4)"() {
        when: 'the health endpoint answers for no version (nothing listens there)'
        def result = fx.run(['run', '--no-plan'] + args(DemoService.V2, "http://127.0.0.1:1/health"))

        then:
        result.exit == 4
        result.err.contains('MANUAL INTERVENTION REQUIRED: the rollback of compose-app/deploy@2.1.0 failed')
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
        artifacts('.manifest.json') == 4
    }

    def "its plan is stable"() {
        when:
        def plan = fx.run(['plan'] + args(DemoService.V2))

        then:
        plan.exit == 0
        snapshotter.assertThat(fx.normalized(plan.out, ['<container>': name, '<port>': "$port".toString()])
                .replaceAll(/source: [0-9.]+ [KMG]?B/, 'source: <size>')).matchesSnapshot()
    }
}
