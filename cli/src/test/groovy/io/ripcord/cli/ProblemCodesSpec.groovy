package io.ripcord.cli

import groovy.json.JsonSlurper
import io.ripcord.problem.ExitCode
import io.ripcord.problem.ProblemCode
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.concurrent.TimeUnit

/**
 * One fixture per problem code (src/test/resources/problems/CODE.groovy), run through the real command line in a
 * scratch directory of its own. The fixture's header says what to set up first, the command, the exit code and the
 * error line it must print:
 *
 *   // given: file NAME: TEXT        writes a file in the working directory
 *   // given: ripcord ARGS           runs a command first (<RUN> is then its run id)
 *   // given: edit OLD => NEW        edits the fixture, as a user editing the runbook
 *   // given: copy PATH              copies the fixture (as edited so far) to PATH
 *   // given: sqlite SQL             runs SQL on the journal with the sqlite3 CLI
 *   // given: sh COMMAND             runs a bash command in the working directory
 *   // given: mount tmpfs OPTS at D  mounts a small tmpfs at D (needs root: skipped without it, failed in CI)
 *   // env: NAME=VALUE               set for the command
 *   // stdin: LINE                   a line typed at the REPL (the command then runs as its own process)
 *   // signal: INT once NAME exists  sends SIGINT to the process when the run has created NAME
 *   // command: ARGS                 <FILE> is the fixture, <RUN> the run id
 *   // exit: N
 *   // expect: error[CODE]: ...      the last error line printed; <ID> stands for a backup's id, <ANY> for any text
 *
 * <CWD> in a fixture or its header stands for the scratch working directory, <HOME> for the home (the journal's).
 */
class ProblemCodesSpec extends Specification {

    static final Path FIXTURES = Path.of(ProblemCodesSpec.getResource('/problems/STEP_FAILED.groovy').toURI()).parent

    static List<String> codes() {
        Files.list(FIXTURES).withCloseable { s -> s.findAll { it.toString().endsWith('.groovy') }.collect { it.fileName.toString() - '.groovy' }.sort() }
    }

    def "every problem code has exactly one fixture, and every fixture is named for a problem code"() {
        expect:
        codes() == ProblemCode.values()*.name().sort()
    }

    def "#code: the command prints error[#code] with its message and exits as the mapping says"() {
        given:
        def fixture = new Fixture(code)

        when:
        def result = fixture.run()

        then:
        result.exit == fixture.exit
        fixture.exit == ProblemCode.valueOf(code).exitCode.code
        fixture.matches(result.err.readLines().findAll { it.startsWith('error[') }.last())
        !result.all.contains('\tat ')

        and: 'files that were there before the command are byte for byte as they were'
        fixture.changedFiles().isEmpty()

        cleanup:
        fixture?.delete()

        where:
        code << codes()
    }

    def "plan --json prints the problem with its code, place and exit code on stdout"() {
        given:
        def fixture = new Fixture('INVALID_ARGUMENT')
        fixture.prepare()

        when:
        def result = fixture.ripcord('plan', '--json', fixture.file)
        def json = new JsonSlurper().parseText(result.out)

        then:
        result.exit == 2
        json.format == 'ripcord-problems/1'
        json.exitCode == 2
        json.problems == [[code   : 'INVALID_ARGUMENT', message: "container: 'bad name!' is not a container name",
                           file   : 'INVALID_ARGUMENT.groovy', line: 5, column: null, didYouMean: [],
                           next   : 'container names are letters, digits, _ . - (docker ps -a)']]

        cleanup:
        fixture?.delete()
    }

    def "show --format json carries the code and the exit code a run ended with"() {
        given:
        def fixture = new Fixture(code)
        def ran = fixture.run()

        when:
        def json = new JsonSlurper().parseText(fixture.ripcord('show', fixture.runId, '--format', 'json').out)

        then:
        ran.exit == exit
        json.errorCode == code
        json.exitCode == exit

        cleanup:
        fixture?.delete()

        where:
        code          | exit
        'STEP_FAILED' | 1
        'INTERRUPTED' | 130
    }

    def "a run that succeeded shows no code and exit code 0 in its JSON"() {
        given:
        def fixture = new Fixture('NOT_RESUMABLE')
        fixture.prepare()

        when:
        def json = new JsonSlurper().parseText(fixture.ripcord('show', fixture.runId, '--format', 'json').out)

        then:
        json.errorCode == null
        json.exitCode == 0

        cleanup:
        fixture?.delete()
    }

    /** A fixture in its scratch directory: header read, set up, run. */
    static class Fixture {
        final String code
        final String file
        final List<String> header
        final Path scratch = Files.createTempDirectory('ripcord-problem')
        final Path home = Files.createDirectories(scratch.resolve('home'))
        final Path cwd = Files.createDirectories(scratch.resolve('work'))
        String runId
        private Map<String, String> before = [:]

        Fixture(String code) {
            this.code = code
            this.file = code + '.groovy'
            this.header = Files.readAllLines(FIXTURES.resolve(file)).takeWhile { it.startsWith('// ') }.collect { it.substring(3) }
            Files.writeString(cwd.resolve(file), Files.readString(FIXTURES.resolve(file)).replace('<CWD>', cwd.toString()))
        }

        final List<Path> mounts = []

        Map<String, String> env() {
            [PATH: System.getenv('PATH'), HOME: home.toString(), RIPCORD_HOME: home.resolve('.ripcord').toString()] +
                    all('env').collectEntries { it.replace('<CWD>', cwd.toString()).split('=', 2) as List }
        }

        List<String> all(String key) {
            header.findAll { it.startsWith(key + ': ') }.collect { it.substring(key.length() + 2) }
        }

        String one(String key) {
            List<String> values = all(key)
            assert values.size() == 1: "$file needs one '// $key: ...' line"
            values[0]
        }

        int getExit() { one('exit') as int }

        String expected() {
            one('expect').replace('<CWD>', cwd.toString()).replace('<HOME>', home.toString()).replace('<RUN>', runId ?: '<RUN>')
        }

        /** The error line is the expected one, <ID> and <ANY> standing for what differs between runs. */
        boolean matches(String line) {
            String pattern = expected().split(/(?=<ID>|<ANY>)|(?<=<ID>|<ANY>)/).collect {
                it == '<ID>' ? '[a-z0-9]+(?:-[a-z0-9]+)*' : it == '<ANY>' ? '.*' : java.util.regex.Pattern.quote(it)
            }.join('')
            assert line ==~ pattern: "expected: ${expected()}"
            true
        }

        String[] words(String line) {
            line.trim().split(/\s+/).collect { it.replace('<FILE>', file).replace('<RUN>', runId ?: '<RUN>') } as String[]
        }

        CliHarness.Result ripcord(String... args) {
            CliHarness.ripcord(cwd: cwd, env: env(), args)
        }

        void prepare() {
            for (String given : all('given')) {
                String verb = given.takeWhile { it != ' ' }
                String rest = given.substring(verb.length() + 1)
                switch (verb) {
                    case 'file':
                        int colon = rest.indexOf(': ')
                        Files.writeString(cwd.resolve(rest.substring(0, colon)), rest.substring(colon + 2) + '\n')
                        break
                    case 'ripcord':
                        def result = ripcord(words(rest))
                        def id = result.out =~ /(?m)^(?:Resuming run|Run) (\d{8}-\d{6}-\S+)/
                        runId = id.find() ? id.group(1) : runId
                        break
                    case 'edit':
                        def (old, now) = rest.split(' => ')
                        String text = Files.readString(cwd.resolve(file))
                        assert text.contains(old)
                        Files.writeString(cwd.resolve(file), text.replace(old, now))
                        break
                    case 'copy':
                        Files.createDirectories(cwd.resolve(rest).parent)
                        Files.copy(cwd.resolve(file), cwd.resolve(rest))
                        break
                    case 'sh':
                        def sh = new ProcessBuilder('bash', '-ec', rest).directory(cwd.toFile()).redirectErrorStream(true).start()
                        String said = sh.inputStream.text
                        assert sh.waitFor() == 0: "$file: `$rest` failed: $said"
                        break
                    case 'mount':
                        def (fs, options, at, dir) = rest.split(' ')
                        if (['id', '-u'].execute().text.trim() != '0') {
                            assert !System.getenv('CI'): "$file needs root to mount, which CI has"
                            throw new org.opentest4j.TestAbortedException("$file needs root to mount a $fs")
                        }
                        Path point = Files.createDirectories(cwd.resolve(dir as String))
                        def mount = ['mount', '-t', fs, '-o', options, fs, point.toString()].execute()
                        assert mount.waitFor() == 0: mount.err.text
                        mounts << point
                        break
                    case 'sqlite':
                        def sqlite = ['sqlite3', home.resolve('.ripcord/journal.db').toString(), rest].execute()
                        assert sqlite.waitFor() == 0: sqlite.err.text
                        break
                    default:
                        throw new IllegalArgumentException("$file: unknown given '$verb'")
                }
            }
            before = checksums()
        }

        CliHarness.Result run() {
            prepare()
            String[] args = words(one('command'))
            List<String> typed = all('stdin')
            List<String> signal = all('signal')
            if (typed.isEmpty() && signal.isEmpty()) {
                return remember(ripcord(args))
            }
            def running = CliHarness.startProcess(cwd: cwd, env: env(), args)
            if (!signal.isEmpty()) {
                def (name, once, path, exists) = signal[0].split(' ')
                Path marker = cwd.resolve(path as String)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
                while (!Files.exists(marker)) {
                    assert System.nanoTime() < deadline: "$file: $marker never appeared\n${running.out}\n${running.err}"
                    Thread.sleep(20) // a bounded wait for the run to reach the command
                }
                running.signal(name as String)
            }
            running.process.outputStream.withWriter('UTF-8') { w -> typed.each { w.write(it + '\n') } }
            remember(running.finish())
        }

        private CliHarness.Result remember(CliHarness.Result result) {
            def id = result.out =~ /(?m)^(?:Resuming run|Run) (\d{8}-\d{6}-\S+)/
            runId = id.find() ? id.group(1) : runId
            result
        }

        /** Files that existed before the command and now differ (or are gone). */
        List<String> changedFiles() {
            Map<String, String> now = checksums()
            before.keySet().findAll { now[it] != before[it] }.sort()
        }

        private Map<String, String> checksums() {
            Files.walk(cwd).withCloseable { s ->
                s.findAll { Files.isRegularFile(it) }.collectEntries { p ->
                    [(cwd.relativize(p).toString()): MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()]
                }
            }
        }

        void delete() {
            mounts.each { ['umount', it.toString()].execute().waitFor() }
            scratch.toFile().deleteDir()
        }
    }
}
