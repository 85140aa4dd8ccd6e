package io.ripcord.cli

import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.startProcess

/**
 * backup ..., quiesce: services stopped for the copy and started again after, with real processes (process(...)
 * services, started detached by startService): on success, on a failed copy, and after a SIGKILL while they were
 * stopped, where the resumed call starts exactly the ones that were running.
 */
@Timeout(120)
class QuiesceSpec extends Specification {

    static final String RUNBOOK = '''\
        runbook 'demo/quiesce', version: '1.0.0', {
            param 'to', default: 'backups'
            def worker = process 'worker', start: 'sleep 600', pidfile: 'worker.pid'
            def idle = process 'idle', start: 'sleep 600', pidfile: 'idle.pid'
            step 'start', { startService worker }
            step 'back up', { backup dir('data'), to: params.to, quiesce: [worker, idle] }
        }
        '''.stripIndent()

    Path dir = Files.createTempDirectory('ripcord-quiesce')

    def setup() {
        Files.writeString(dir.resolve('quiesce.groovy'), RUNBOOK)
        Files.createDirectories(dir.resolve('data'))
        Files.writeString(dir.resolve('data/state.json'), '{"n": 1}\n')
    }

    def cleanup() {
        ['worker.pid', 'idle.pid'].each { name ->
            Path pidfile = dir.resolve(name)
            if (Files.exists(pidfile)) {
                ProcessHandle.of(Files.readString(pidfile).trim() as long).ifPresent { it.destroyForcibly() }
            }
        }
        dir.toFile().deleteDir()
    }

    Map<String, String> env(Map extra = [:]) {
        [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString()] + extra
    }

    Long pid(String name) {
        Path pidfile = dir.resolve(name)
        Files.exists(pidfile) ? Files.readString(pidfile).trim() as long : null
    }

    boolean alive(String name) {
        pid(name) != null && ProcessHandle.of(pid(name)).map { it.alive }.orElse(false)
    }

    List<String> records() {
        Path state = dir.resolve('home/state')
        Files.isDirectory(state) ? state.toFile().list().findAll { it.startsWith('.ripcord-quiesced-') } as List : []
    }

    def "a running service is stopped for the copy and started again; one that was not running stays stopped"() {
        when:
        def run = ripcord(['run', '--no-plan', 'quiesce.groovy', '-p', 'to=backups'] as String[], cwd: dir, env: env())
        def manifest = dir.resolve('backups').toFile().listFiles().find { it.name.endsWith('.manifest.json') }

        then:
        run.exit == 0
        run.out.contains('stopped process worker for the copy')
        run.out =~ /started process worker again \(stopped [0-9.]+ ?m?s\)/
        !run.out.contains('stopped process idle')
        alive('worker.pid')
        !alive('idle.pid')
        new groovy.json.JsonSlurper().parse(manifest).quiesced == ['process worker']
        records() == []
    }

    def "the plan says which services the copy stops"() {
        when:
        def plan = ripcord(['plan', 'quiesce.groovy', '-p', 'to=backups'] as String[], cwd: dir, env: env())

        then:
        plan.exit == 0
        plan.out.contains('quiesce: process worker (not running: left stopped), process idle (not running: left stopped)')
    }

    def "a copy that fails starts the stopped service again, and the copy's failure is what the run reports"() {
        given: 'a destination that is a file'
        Files.writeString(dir.resolve('blocked'), 'not a directory')

        when:
        def run = ripcord(['run', '--no-plan', 'quiesce.groovy', '-p', 'to=blocked/backups'] as String[], cwd: dir, env: env())

        then:
        run.exit == 73
        run.err.contains('error[DESTINATION_NOT_WRITABLE]')
        run.out.contains('started process worker again')
        alive('worker.pid')
        records() == []
        Files.readString(dir.resolve('blocked')) == 'not a directory'
    }

    def "a backup killed while the service is stopped leaves a record; resume starts the service again and completes the copy"() {
        when:
        def crashed = startProcess(['run', '--no-plan', 'quiesce.groovy', '-p', 'to=backups'] as String[], cwd: dir,
                env: env(RIPCORD_CRASH_AT: 'backup: quiesced services stopped')).finish()

        then: 'killed right after it stopped the worker'
        crashed.exit == 137
        !alive('worker.pid')
        records().size() == 1

        when:
        def id = ripcord(['runs'] as String[], cwd: dir, env: env()).out.readLines().find { it.contains('RUNNING') }.split(/\s+/)[0]
        def resumed = ripcord(['resume', id] as String[], cwd: dir, env: env())

        then:
        resumed.exit == 0
        resumed.out.contains('started process worker again')
        alive('worker.pid')
        !alive('idle.pid')
        records() == []
        dir.resolve('backups').toFile().list().findAll { it.endsWith('.manifest.json') }.size() == 1
    }
}
