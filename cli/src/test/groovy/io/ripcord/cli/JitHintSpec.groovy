package io.ripcord.cli

import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * The launcher starts a run of a runbook whose last run used little CPU with C1 only, like plan: the JVM leaves the
 * marker (JitHint), bin/lib/jvm-options.sh reads it. Both halves, without timing anything.
 */
class JitHintSpec extends Specification {

    @TempDir Path dir

    def "a #jit run that used #cpu ms of CPU #effect the marker"() {
        given:
        Path marker = dir.resolve('cache/jit/%work%app.groovy')
        if (before) {
            Files.createDirectories(marker.parent)
            Files.createFile(marker)
        }

        when:
        JitHint.record([RIPCORD_JIT_MARK: marker.toString(), RIPCORD_JIT: jit], cpu)

        then:
        Files.exists(marker) == after

        where:
        jit     | cpu  | before | after | effect
        'full'  | 600  | false  | true  | 'leaves'
        'full'  | 999  | true   | true  | 'keeps'
        'full'  | 1500 | false  | false | 'does not leave'
        'quick' | 1500 | true   | true  | 'keeps'
        'quick' | 2500 | true   | false | 'removes'
    }

    def "a process the launcher did not start for a run leaves nothing"() {
        when:
        JitHint.record([HOME: dir.toString()], 10)

        then:
        Files.list(dir).count() == 0
    }

    /** What ripcord_jvm_flags chooses for a command line, with a marker for app.groovy or not. */
    Map<String, String> flags(List<String> args, boolean marked) {
        Path home = dir.resolve('home')
        Files.createDirectories(dir.resolve('work'))
        Files.writeString(dir.resolve('work/app.groovy'), "runbook 'x', version: '1.0.0', {}")
        if (marked) {
            Path marker = home.resolve('cache/jit/' + dir.resolve('work/app.groovy').toString().replace('/', '%'))
            Files.createDirectories(marker.parent)
            Files.createFile(marker)
        }
        String script = 'source "$1"; shift; ripcord_jvm_flags "$@"; echo "jit=${jit[*]}"; echo "mark=${RIPCORD_JIT_MARK:-}"; echo "kind=${RIPCORD_JIT:-}"'
        def p = new ProcessBuilder(['bash', '-c', script, 'bash', CliHarness.repoRoot().resolve('bin/lib/jvm-options.sh').toString()] + args)
                .directory(dir.resolve('work').toFile())
        p.environment().put('RIPCORD_HOME', home.toString())
        p.environment().remove('RIPCORD_JIT_MARK')
        def proc = p.start()
        String out = proc.inputStream.text
        assert proc.waitFor() == 0
        out.readLines().collectEntries { it.split('=', 2) as List }
    }

    def "the launcher reads the marker of the runbook a run names: #args (marked: #marked)"() {
        when:
        def chosen = flags(args, marked)

        then:
        chosen.jit == jit
        chosen.kind == kind
        chosen.mark == (kind ? dir.resolve('home/cache/jit').toString() + '/' + dir.resolve('work/app.groovy').toString().replace('/', '%') : '')

        where:
        args                                                    | marked | jit                                                      | kind
        ['run', 'app.groovy']                                   | false  | '-XX:CompileThresholdScaling=3'                          | 'full'
        ['run', 'app.groovy']                                   | true   | '-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1'          | 'quick'
        ['run', '--no-plan', '-p', 'k=v', 'app.groovy']         | true   | '-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1'          | 'quick'
        ['--debug', 'run', '--params-file', 'p.json', 'app.groovy'] | true | '-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1'        | 'quick'
        ['resume', 'last']                                      | true   | '-XX:CompileThresholdScaling=3'                          | ''
        ['plan', 'app.groovy']                                  | true   | '-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1'          | ''
    }
}
