package io.ripcord.cli

import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static io.ripcord.cli.CliHarness.ripcord

/**
 * `ripcord completion bash|zsh`: the script picocli makes from the command model, sourced by a real bash and asked
 * what TAB offers, as bash's completion would ask it (COMP_WORDS, COMP_CWORD, then the function `complete` names).
 * Run ids and runbook names come from a `ripcord` on PATH, here this build's.
 */
class CompletionSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('ripcord-completion')
    @Shared Map<String, String> env = [PATH: System.getenv('PATH'), RIPCORD_HOME: dir.resolve('home').toString(),
                                       RIPCORD_PATH: dir.resolve('library').toString()]
    @Shared Path script = dir.resolve('ripcord.bash')
    @Shared String runId

    def setupSpec() {
        Files.createDirectories(dir.resolve('library'))
        Files.writeString(dir.resolve('library/nightly.groovy'), "runbook 'demo/complete-me', version: '1.0.0', {\n    step 'a', { sh 'true' }\n}\n")
        def run = ripcord(cwd: dir, env: env, 'run', '--no-plan', 'demo/complete-me')
        assert run.exit == 0: run.all
        runId = (run.out =~ /Run (\d{8}-\d{6}-[0-9a-f]{4})/)[0][1]
        Files.writeString(script, ripcord(env: env, 'completion', 'bash').out)
        Path bin = Files.createDirectories(dir.resolve('bin'))
        Path launcher = bin.resolve('ripcord')
        Files.writeString(launcher, "#!/bin/sh\nexec '${Path.of(System.getProperty('java.home'), 'bin', 'java')}' -XX:TieredStopAtLevel=1 " +
                "-cp '${System.getProperty('java.class.path')}' ${Main.name} \"\$@\"\n")
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString('rwxr-xr-x'))
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    def "TAB after '#line' offers #offered"() {
        expect:
        complete(line) == offered

        where:
        line                    || offered
        'ripcord sh'            || ['show']
        'ripcord s'             || ['schedule', 'show']
        'ripcord comp'          || ['completion']
        'ripcord show --f'      || ['--format']
        'ripcord completion '   || ['bash', 'zsh']
        'ripcord run demo/comp' || ['demo/complete-me']
    }

    def "a run id completes from the journal, and 'last' is always offered"() {
        expect:
        complete('ripcord show ') == [runId, 'last']
        complete("ripcord resume ${runId[0..8]}") == [runId]
    }

    def "the zsh script is the same script, under #compdef and answering the TAB that autoloaded it"() {
        when:
        String zsh = ripcord(env: env, 'completion', 'zsh').out

        then:
        zsh == "#compdef ripcord\n" + Files.readString(script) + '(( $+compstate )) && _bash_complete -F _complete_ripcord\n'
        zsh.contains('bashcompinit')
    }

    // ---- helpers

    /** What the completion function puts in COMPREPLY for this command line (the cursor at its end), sorted. */
    List<String> complete(String line) {
        List<String> words = line.split(' ', -1) as List
        String program = """
            source '$script' 2>/dev/null
            COMP_WORDS=(${words.collect { "'$it'" }.join(' ')})
            COMP_CWORD=${words.size() - 1}
            COMP_LINE='$line'
            COMP_POINT=${line.length()}
            _complete_ripcord 2>/dev/null
            printf '%s\\n' "\${COMPREPLY[@]}"
            """.stripIndent()
        def builder = new ProcessBuilder('bash', '-c', program).directory(dir.toFile())
        builder.environment().putAll(env + [PATH: "${dir.resolve('bin')}:${env.PATH}".toString()])
        Process p = builder.start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: p.errorStream.text
        out.readLines().findAll { it }.sort()
    }
}
