package io.ripcord.cli

import io.ripcord.stdlib.docker.DockerTestEngine
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * compose('PROJECT'): a whole Compose project as one service, with the real compose command and Docker Engine and a
 * two-service project of locally built images (web, and store with a named volume and a HEALTHCHECK): down keeps the
 * volume and its data, up -d brings both back, health names the service that is not running, the plan shows the
 * command lines, a run killed while the project is down is resumed into starting it, and bad input fails named.
 */
@Timeout(300)
@IgnoreIf(value = { !System.getenv('CI') && !(DockerTestEngine.available() && ComposeProjectSpec.compose() != null) },
        reason = 'needs a Docker Engine and docker compose or docker-compose (bin/test installs and starts them as root)')
class ComposeProjectSpec extends Specification {

    /** The compose command Ripcord will find: the plugin when it answers, else docker-compose; null when neither. */
    static List<String> compose() {
        [['docker', 'compose'], ['docker-compose']].find { DockerTestEngine.exec(it + ['version']).exit == 0 }
    }

    final Path dir = Files.createTempDirectory('ripcord-compose-project')
    final String project = 'rcproj' + UUID.randomUUID().toString().substring(0, 8)
    final Path file = dir.resolve('docker-compose.yml')
    final int port = DockerTestEngine.freePort()
    final String command = "${compose().join(' ')} -p $project -f $file"
    ServerSocket held

    def setup() {
        DockerTestEngine.ensureImages()
        Files.writeString(file, """\
            version: "2.4"
            services:
              web:
                image: ${DockerTestEngine.V1}
                ports: ["127.0.0.1:$port:8080"]
              store:
                image: ${DockerTestEngine.V1}
                volumes: ["objects:/www/objects"]
                healthcheck:
                  test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
                  interval: 1s
            volumes:
              objects: {}
            """.stripIndent())
        DockerTestEngine.run(compose() + ['-p', project, '-f', file.toString(), 'up', '-d'])
        DockerTestEngine.run(['docker', 'exec', container('store'), '/bin/busybox', 'sh', '-c',
                              'i=0; while [ $i -lt 200 ]; do echo "object $i"; i=$((i+1)); done > /www/objects/pdfs.txt'])
    }

    def cleanup() {
        held?.close()
        DockerTestEngine.exec(compose() + ['-p', project, '-f', file.toString(), 'down', '-v', '-t', '1']) // the spec's own project
        dir.toFile().deleteDir()
    }

    Map<String, String> env() {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()]
    }

    CliHarness.Result run(String name, String body, List<String> extra = ['run', '--no-plan']) {
        Files.writeString(dir.resolve(name + '.groovy'), """\
            runbook 'spec/$name', version: '1.0.0', {
                def shop = compose '$project', file: 'docker-compose.yml'
            $body
            }
            """.stripIndent())
        ripcord((extra + [name + '.groovy']) as String[], cwd: dir, env: env())
    }

    /** The project's containers: service name to running or not. */
    Map<String, Boolean> containers() {
        def ids = DockerTestEngine.exec(['docker', 'ps', '-aq', '--filter', "label=com.docker.compose.project=$project".toString()]).out.readLines()*.trim().findAll()
        ids.collectEntries { [(DockerTestEngine.inspect(it, '{{index .Config.Labels "com.docker.compose.service"}}')):
                                      DockerTestEngine.inspect(it, '{{.State.Running}}') == 'true'] }
    }

    String container(String service) {
        DockerTestEngine.exec(['docker', 'ps', '-aq', '--filter', "label=com.docker.compose.project=$project".toString(),
                               '--filter', "label=com.docker.compose.service=$service".toString()]).out.trim()
    }

    /** SHA-256 of the object store's file, read from the volume's directory on the host. */
    String objects() {
        String mountpoint = DockerTestEngine.exec(['docker', 'volume', 'inspect', '--format', '{{.Mountpoint}}', project + '_objects']).out.trim()
        MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(Path.of(mountpoint, 'pdfs.txt'))).encodeHex().toString()
    }

    def "stopService is down without -v: no container is left, the volume keeps its data; startService brings both services back"() {
        given:
        String before = objects()

        when:
        def down = run('down', "step 'down', { stopService shop }")

        then:
        down.exit == 0
        down.out.contains("stopping compose project $project (store, web): $command down -t 30 (volumes kept)")
        containers() == [:]
        objects() == before

        when:
        def up = run('up', "step 'up', { startService shop; healthCheck shop, retries: 30, interval: 500.milliseconds }")

        then:
        up.exit == 0
        up.out.contains("starting compose project $project (store, web): $command up -d")
        up.out =~ /healthy \(attempt \d+ of 31, \d+ ms\): 2 services running: store running, health healthy, web running/
        containers() == [store: true, web: true]
        DockerTestEngine.get(port, 'version') == 'v1'
        objects() == before
    }

    def "the plan shows the compose command lines it will run"() {
        when:
        def plan = run('plan', "step 'restart', { stopService shop; startService shop }", ['plan'])

        then:
        plan.exit == 0
        plan.out.contains("stopService: compose project $project: down, volumes kept: $command down -t 30 (now 2 containers: store running, health ")
        plan.out.contains("startService: compose project $project: up -d: $command up -d (now 2 containers: store running")
        containers() == [store: true, web: true]
    }

    def "healthCheck names the service that is not running"() {
        given: 'store healthy (its healthcheck has passed once), web stopped'
        waitFor { DockerTestEngine.exec(['docker', 'inspect', '-f', '{{.State.Health.Status}}', container('store')]).out.trim() == 'healthy' }
        DockerTestEngine.run(['docker', 'stop', '-t', '1', container('web')])

        when:
        def health = run('health', "step 'health', { healthCheck shop }")

        then:
        health.exit == 1
        health.err.readLines().find { it.startsWith('error[') } ==~
                /error\[STEP_FAILED\]: step 'health' failed: healthCheck: compose project $project is unhealthy after 1 attempt in \S+: service web is not running \(stopped on ripcord-test\/app:v1 \(\w+\), exited with 0\) at health.groovy:3/
        !health.err.contains('service store')
    }

    def "a run killed while the project is down is resumed, and the resume starts the project again"() {
        given:
        Files.writeString(dir.resolve('maintenance.groovy'), """\
            runbook 'spec/maintenance', version: '1.0.0', {
                def shop = compose '$project', file: 'docker-compose.yml'
                step 'down', { stopService shop }
                step 'work', { sh '[ -e killed ] || { echo \$\$ > killed; exec sleep 613; }' }
                step 'up', { startService shop }
            }
            """.stripIndent())
        String before = objects()

        when: 'killed while its work step runs, the project down'
        def running = startProcess(['run', '--no-plan', 'maintenance.groovy'] as String[], cwd: dir, env: env())
        waitFor { Files.exists(dir.resolve('killed')) && Files.readString(dir.resolve('killed')).trim() }
        running.signal('KILL')
        def killed = running.finish()
        ProcessHandle.of(Files.readString(dir.resolve('killed')).trim() as long).ifPresent { it.destroyForcibly() }

        then:
        killed.exit == 137
        containers() == [:]

        when:
        def id = ripcord(['runs'] as String[], cwd: dir, env: env()).out.readLines().find { it.contains('RUNNING') }.split(/\s+/)[0]
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())

        then:
        resumed.exit == 0
        resumed.out.contains("starting compose project $project (store, web): $command up -d")
        containers() == [store: true, web: true]
        objects() == before
    }

    def "a project that cannot start again fails naming it and saying how to start it by hand; the volume keeps its data"() {
        given:
        String before = objects()
        assert run('down', "step 'down', { stopService shop }").exit == 0
        held = new ServerSocket(port, 1, InetAddress.loopbackAddress) // web's published port, taken while the project is down

        when:
        def up = run('up', "step 'up', { startService shop, timeout: 20.seconds }")

        then:
        up.exit == 1
        def error = up.err.readLines().find { it.startsWith('error[') }
        error.startsWith("error[STEP_FAILED]: step 'up' failed: startService: compose project $project did not start: ${compose().join(" ")} up -d failed (exit 1): ")
        error.contains('address already in use')
        up.err.contains(' at up.groovy:3\n') // after compose's own last lines
        up.err.readLines().any { it.startsWith('  next: ') && it.contains("start it by hand: $command up -d (then `$command logs --tail 50`)") }
        !containers().web
        objects() == before
    }

    def "quiesce: takes the project down for its volume's copy and up again afterwards; the manifest names it"() {
        when:
        def backup = run('quiesced', "step 'back up', { backup volume('${project}_objects'), to: 'backups', quiesce: shop }")
        def manifest = dir.resolve('backups').toFile().listFiles().find { it.name.endsWith('.manifest.json') }

        then:
        backup.exit == 0
        backup.out.contains("stopped compose project $project for the copy")
        backup.out =~ /started compose project $project again \(stopped [0-9.]+ ?m?s\)/
        containers() == [store: true, web: true]
        new groovy.json.JsonSlurper().parse(manifest).quiesced == ["compose project $project".toString()]
    }

    def "#what fails under #code, saying so, and nothing stops"() {
        when:
        def result = run('bad', "step 'it', { ${call.replace('PROJECT', project)} }")

        then:
        result.exit == exit
        def error = result.err.readLines().find { it.startsWith('error[') }
        error.startsWith("error[$code]: ")
        error.contains(says.replace('PROJECT', project).replace('FILE', file.toString()).replace('DIR', dir.toString()))
        error.endsWith(' at bad.groovy:3')
        result.err.readLines().any { it.startsWith('  next: ') }
        containers() == [store: true, web: true]

        where:
        what                                                 | call                                                     | code               | exit | says
        'stopService under a name the file runs as another'  | "stopService compose('PROJECTx', file: 'docker-compose.yml')"  | 'TARGET_MISSING'   | 66   | "compose project 'PROJECTx' has no containers on the Docker Engine at unix://"
        'startService under a name the file runs as another' | "startService compose('PROJECTx', file: 'docker-compose.yml')" | 'TARGET_MISSING'   | 66   | 'but project PROJECT runs from FILE — did you mean PROJECT?'
        'healthCheck of a project with no containers'        | "healthCheck compose('rcnobody', file: 'elsewhere.yml')" | 'STEP_FAILED'      | 1    | 'compose project rcnobody has no containers (down, or not this project name)'
        'a compose file that does not exist'                 | "stopService compose('PROJECT', file: 'missing.yml')"    | 'TARGET_MISSING'   | 66   | 'no compose file DIR/missing.yml'
        'a name compose would not take'                      | "stopService compose('Shop!')"                           | 'INVALID_ARGUMENT' | 2    | "'Shop!' is not a Compose project name"
    }

    static void waitFor(Closure<?> condition) {
        long deadline = System.nanoTime() + 60_000_000_000L
        while (!condition()) {
            assert System.nanoTime() < deadline: 'condition not met within 60 s'
            Thread.sleep(50)
        }
    }
}
