package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcord
import static io.ripcord.cli.CliHarness.ripcordProcess

/**
 * One fixture file per error message (src/test/resources/errors): its first line says the message `ripcord check`
 * must print. Every fixture exits 2 with exactly that message, and checking them creates no file anywhere.
 */
class ErrorFixturesSpec extends Specification {

    static final Path FIXTURES = Path.of(ErrorFixturesSpec.getResource('/errors/unknown-verb.groovy').toURI()).parent

    static List<String> fixtures() {
        Files.list(FIXTURES).withCloseable { s -> s.findAll { it.toString().endsWith('.groovy') }.collect { it.fileName.toString() }.sort() }
    }

    static String expected(String fixture) {
        String first = Files.readAllLines(FIXTURES.resolve(fixture)).first()
        assert first.startsWith('// expect: '): "$fixture must start with '// expect: <message>'"
        first - '// expect: '
    }

    /** The problem codes `check` reports for a runbook that is wrong in itself (no journal, no engine involved). */
    static final Set<String> LOAD_TIME_CODES = ['SYNTAX_ERROR', 'UNKNOWN_VERB', 'MISPLACED_CALL', 'UNKNOWN_ARGUMENT',
            'MISSING_ARGUMENT', 'INVALID_ARGUMENT', 'UNKNOWN_PROPERTY', 'DUPLICATE_STEP', 'DUPLICATE_PARAMETER',
            'INVALID_RUNBOOK', 'INVALID_PARAMETER', 'LOAD_FAILED', 'INVALID_LADDER', 'INVALID_REPOSITORY'] as Set

    def "there is a fixture for every kind of load-time error, and each makes exactly one of them"() {
        when:
        def codes = fixtures().collect { fixture ->
            (ripcord('check', fixture, cwd: FIXTURES).err =~ /^error\[([A-Z_]+)\]/).with { it.find() ? it.group(1) : "none in $fixture" }
        }

        then:
        codes.toSet() == LOAD_TIME_CODES
    }

    def "check reports #fixture with exit 2 and its expected message"() {
        when:
        def result = ripcord('check', fixture, cwd: FIXTURES)

        then:
        result.exit == 2
        result.err.readLines().first() ==~ /error\[[A-Z_]+\]: .*/
        result.err.readLines().first().replaceFirst(/^error\[[A-Z_]+\]: /, '') == expected(fixture)
        result.err.contains('next: ') || fixture == 'no-runbook.groovy'
        !result.err.contains('\tat ')
        result.out.isEmpty()

        where:
        fixture << fixtures()
    }

    def "checking every fixture in a separate process exits 2, names every problem and creates no file"() {
        given:
        Path scratch = Files.createTempDirectory('ripcord-check')
        Path home = Files.createDirectories(scratch.resolve('home'))
        Path tmp = Files.createDirectories(scratch.resolve('tmp'))
        Path cwd = Files.createDirectories(scratch.resolve('cwd'))
        def fixturesBefore = listing(FIXTURES)
        def paths = fixtures().collect { FIXTURES.resolve(it).toString() }

        when:
        def result = ripcordProcess(['check'] + paths as String[], cwd: cwd, tmp: tmp,
                env: [HOME: home.toString(), RIPCORD_HOME: home.resolve('.ripcord').toString(), PATH: System.getenv('PATH')])

        then:
        result.exit == 2
        fixtures().every { result.err.contains(expected(it).replace(it, FIXTURES.resolve(it).toString())) }
        result.err.contains("${fixtures().size()} of ${fixtures().size()} runbooks have problems")

        and: 'nothing was written: not in the working directory, the home, the temp directory or beside the fixtures'
        listing(scratch) == ['cwd', 'home', 'tmp']
        listing(FIXTURES) == fixturesBefore

        cleanup:
        scratch?.toFile()?.deleteDir()
    }

    private static List<String> listing(Path dir) {
        Files.walk(dir).withCloseable { s -> s.filter { it != dir }.collect { dir.relativize(it).toString() }.sort() }
    }
}
