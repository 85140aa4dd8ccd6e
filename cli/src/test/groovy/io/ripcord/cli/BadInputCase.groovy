package io.ripcord.cli

import org.opentest4j.TestAbortedException

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * One case of the bad-input corpus (src/test/resources/bad-input/NAME.groovy), in a scratch directory of its own. The
 * file is the runbook the command runs; its header says how to get there and what must come out:
 *
 *   // case: TEXT                what the user got wrong, in a sentence
 *   // needs: root | TOOL        mounts need root; a tool (pg_dump, docker) must be on the PATH (else skipped; in CI: fails)
 *   // given: data               app.db (SQLite, 1000 users) and data/ (a small tree) in the working directory
 *   // given: backups N          the same, backed up N times into backups/ by a setup runbook
 *   // ripcord: ARGS             a command run first, with this case's journal home
 *   // ripcord other: ARGS       a command run first with another machine's home (<OTHER>)
 *   // file: NAME: TEXT          writes a file (a setup runbook) beside the working directory: <SCRATCH>/NAME
 *   // sh: COMMAND               a bash command run first in the working directory, with prelude.sh's helpers
 *   // env: NAME=VALUE           set for the command under test only
 *   // command: ARGS             the command under test; <FILE> is this file, copied into the working directory
 *   // exit: N                   its exit code
 *   // code: CODE                the problem code of its one error line (none: the command prints no error[...] line)
 *   // expect: TEXT              text the error line contains (what is wrong)
 *   // where: FILE:LINE          the error line ends "at FILE:LINE" (where)
 *   // next: TEXT                text its "  next:" line contains (what to do)
 *   // changes: PATH             a file that may differ afterwards (every other file must be byte for byte the same)
 *   // cleanup: COMMAND          a bash command run afterwards, whatever happened (unmount, stop a holder)
 *
 * <CWD> stands for the working directory, <OTHER> for the other home, <HOME> for this case's journal home, <SCRATCH>
 * for the directory around them (outside the files compared).
 */
class BadInputCase {

    /** The cases the corpus has: the count is exact, so a case lost (renamed without its file) fails the spec. */
    static final int EXPECTED_CASES = 87

    static final Path CASES = Path.of(BadInputCase.getResource('/bad-input/README.md').toURI()).parent

    static final String SETUP = '''\
        runbook 'corpus/setup', version: '1.0.0', {
            def db = sqlite 'app.db'
            step 'back up', {
                backup db, to: 'backups'
                backup dir('data'), to: 'backups'
            }
        }
        '''.stripIndent()

    static List<String> names() {
        Files.list(CASES).withCloseable { s -> s.findAll { it.toString().endsWith('.groovy') }.collect { it.fileName.toString() - '.groovy' }.sort() }
    }

    final String name
    final String file
    final List<String> header
    final Path scratch = Files.createTempDirectory('ripcord-bad-input')
    final Path home = Files.createDirectories(scratch.resolve('home'))
    final Path other = Files.createDirectories(scratch.resolve('other'))
    final Path cwd = Files.createDirectories(scratch.resolve('work'))
    private Map<String, String> before = [:]

    BadInputCase(String name) {
        this.name = name
        this.file = name + '.groovy'
        this.header = Files.readAllLines(CASES.resolve(file)).takeWhile { it.startsWith('// ') }.collect { it.substring(3) }
        Files.writeString(cwd.resolve(file), fill(Files.readString(CASES.resolve(file))))
    }

    List<String> all(String key) {
        header.findAll { it.startsWith(key + ': ') }.collect { fill(it.substring(key.length() + 2)) }
    }

    String one(String key) {
        List<String> values = all(key)
        assert values.size() <= 1: "$file has more than one '// $key:' line"
        values ? values[0] : null
    }

    int getExit() { one('exit') as int }
    String getCode() { one('code') }
    String getExpect() { one('expect') }
    String getWhere() { one('where') }
    String getNext() { one('next') }
    List<String> getChanges() { all('changes').sort() }

    String fill(String text) {
        text.replace('<CWD>', cwd.toString()).replace('<OTHER>', other.toString()).replace('<HOME>', home.toString())
                .replace('<SCRATCH>', scratch.toString())
                .replace('<FILE>', file)
    }

    /** Skips the case when what it needs is missing here; in CI (CI=true) that fails it instead. */
    void requireWhatItNeeds() {
        for (String need : all('needs')) {
            boolean met = need == 'root' ? ['id', '-u'].execute().text.trim() == '0'
                    : ['sh', '-c', "command -v $need"].execute().waitFor() == 0
            if (!met) {
                String why = "$file needs $need"
                if (System.getenv('CI')) {
                    throw new AssertionError(why + ', which CI must have')
                }
                throw new TestAbortedException(why)
            }
        }
    }

    Map<String, String> env(Path journalHome) {
        [PATH: System.getenv('PATH'), HOME: journalHome.toString(), RIPCORD_HOME: journalHome.resolve('.ripcord').toString()]
    }

    CliHarness.Result ripcord(Path journalHome, Map<String, String> extra = [:], String line) {
        CliHarness.ripcord(cwd: cwd, env: env(journalHome) + extra, line.trim().split(/\s+/))
    }

    /** Runs the header's setup lines in order, then takes the checksums the case is judged by. */
    void prepare() {
        for (String line : header) {
            String key = line.takeWhile { it != ':' }
            String value = fill(line.substring(key.length() + 1).trim())
            switch (key) {
                case 'given':
                    given(value)
                    break
                case 'ripcord':
                    ripcord(home, value)
                    break
                case 'ripcord other':
                    ripcord(other, value)
                    break
                case 'sh':
                    sh(value, true)
                    break
                case 'file':
                    int colon = value.indexOf(': ')
                    Files.writeString(scratch.resolve(value.substring(0, colon)), value.substring(colon + 2) + '\n')
                    break
            }
        }
        before = checksums()
    }

    private void given(String what) {
        def words = what.split(' ')
        assert words[0] in ['data', 'backups']: "$file: unknown given '$what'"
        sh('sqlite3 app.db "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL '
                + 'SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO users (name) SELECT \'user \' || i FROM n;"'
                + ' && mkdir -p data/sub && echo "<h1>live</h1>" > data/index.html && echo one > data/sub/a.txt', true)
        if (words[0] == 'backups') {
            Path setup = scratch.resolve('setup.groovy')
            Files.writeString(setup, SETUP)
            (words[1] as int).times {
                def result = ripcord(home, "run --no-plan $setup")
                assert result.exit == 0: "$file: the setup backup failed\n$result"
            }
        }
    }

    void sh(String command, boolean mustPass) {
        String prelude = CASES.resolve('prelude.sh').toString()
        def p = new ProcessBuilder('bash', '-ec', "source '$prelude'; $command").directory(cwd.toFile()).redirectErrorStream(true)
        p.environment().putAll([CWD: cwd.toString(), OTHER: other.toString()])
        def process = p.start()
        String output = process.inputStream.text
        process.waitFor()
        assert !mustPass || process.exitValue() == 0: "$file: `$command` failed: $output"
    }

    CliHarness.Result run() {
        Map<String, String> extra = all('env').collectEntries { it.split('=', 2) as List }
        ripcord(home, extra, one('command'))
    }

    void cleanup() {
        all('cleanup').each { sh(it, false) }
    }

    /** Files that existed before the command and now differ or are gone, relative to the working directory. */
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
        scratch.toFile().deleteDir()
    }
}
