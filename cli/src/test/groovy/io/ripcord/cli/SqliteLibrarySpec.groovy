package io.ripcord.cli

import org.sqlite.util.LibraryLoaderUtil
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

import static io.ripcord.cli.CliHarness.startProcess

class SqliteLibrarySpec extends Specification {

    @TempDir
    Path dir

    Path home
    Path tmp

    def setup() {
        home = dir.resolve('home')
        tmp = Files.createDirectories(dir.resolve('tmp'))
    }

    def "the journal's native SQLite library is copied once into the cache and loaded from there"() {
        when:
        def first = journaledRun()
        Path library = cachedLibrary()
        def copied = Files.readAttributes(library, 'unix:ino')
        def second = journaledRun()

        then: 'both runs mapped the cached copy, not one extracted into the temp directory'
        first.result.exit == 0
        second.result.exit == 0
        first.mapped == library.toString()
        second.mapped == library.toString()
        !first.result.err.contains('Failed to load') && !second.result.err.contains('Failed to load')

        and: 'the copy is the jar\'s library, private to its owner, and was not made again'
        Files.readAllBytes(library) == resource()
        PosixFilePermissions.toString(Files.getPosixFilePermissions(library)) == 'rw-------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(library.parent)) == 'rwx------'
        Files.readAttributes(library, 'unix:ino') == copied
    }

    def "a cached copy #damage is made again instead of crashing the JVM"() {
        given:
        journaledRun()
        Path library = cachedLibrary()
        byte[] whole = Files.readAllBytes(library)
        Files.write(library, damaged(whole))

        when:
        def run = journaledRun()

        then:
        run.result.exit == 0
        run.mapped == library.toString()
        Files.readAllBytes(library) == resource()

        where:
        damage             | damaged
        'cut short'        | { byte[] b -> Arrays.copyOf(b, b.length.intdiv(2)) }
        'one byte changed' | { byte[] b -> byte[] c = b.clone(); c[c.length.intdiv(2)] ^= 1; c }
    }

    def "a cached copy that others could write is replaced by a private one before it is loaded"() {
        given:
        journaledRun()
        Path library = cachedLibrary()
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString('rw-rw-rw-'))

        when:
        def run = journaledRun()

        then:
        run.result.exit == 0
        run.mapped == library.toString()
        PosixFilePermissions.toString(Files.getPosixFilePermissions(library)) == 'rw-------'
    }

    def "no code is loaded from a home that others could write: a directory could be swapped before the load"() {
        given:
        journaledRun()
        Path library = cachedLibrary()
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString('rwxrwxrwx'))

        when:
        def run = journaledRun()

        then: 'sqlite-jdbc extracted and loaded its own copy, as without the cache'
        run.result.exit == 0
        run.mapped != library.toString()
        run.mapped.startsWith(tmp.toString())
    }

    def "a process that has loaded sqlite-jdbc's own copy keeps it as the only one: two copies crash the JVM"() {
        given:
        Path script = dir.resolve('first.groovy')
        Files.writeString(script, '''
            def connection = java.sql.DriverManager.getConnection('jdbc:sqlite::memory:')
            io.ripcord.journal.SqliteLibrary.useCopyIn(java.nio.file.Path.of(args[0]))
            def result = connection.createStatement().executeQuery('SELECT sqlite_version()')
            result.next()
            println new File('/proc/self/maps').readLines().findAll { it =~ /libsqlitejdbc\\.so/ }.collect { it.split(/\\s+/).last() }.unique().size()
            '''.stripIndent())

        when:
        def process = new ProcessBuilder(Path.of(System.getProperty('java.home'), 'bin', 'java').toString(),
                "-Djava.io.tmpdir=$tmp".toString(), '-cp', System.getProperty('java.class.path'), 'groovy.ui.GroovyMain',
                script.toString(), home.resolve('cache/native').toString()).redirectErrorStream(true).start()
        String out = process.inputStream.text
        int exit = process.waitFor()

        then:
        exit == 0
        out.trim() == '1'
        !Files.exists(home.resolve('cache/native'))
    }

    def "a cache that cannot be written leaves sqlite-jdbc to extract its library itself"() {
        given:
        Files.createDirectories(home)
        Files.writeString(home.resolve('cache'), 'a file where the cache directory would be')

        when:
        def run = journaledRun()

        then:
        run.result.exit == 0
        run.mapped.startsWith(tmp.toString())
    }

    /** A run that waits, so the library it mapped can be read from /proc while it is alive. */
    private Map journaledRun() {
        Path runbook = dir.resolve('pause.groovy')
        Files.writeString(runbook, "runbook 'pause', version: '1.0.0', {\n    step 'pause', {\n        wait 1.seconds\n    }\n}\n")
        def running = startProcess(env: CliHarness.defaultEnv() + [RIPCORD_HOME: home.toString()], tmp: tmp, cwd: dir,
                'run', '--no-plan', runbook.toString())
        String mapped = null
        for (int i = 0; i < 200 && mapped == null && running.process.alive; i++) {
            mapped = Files.readAllLines(Path.of("/proc/${running.process.pid()}/maps")).find { it.contains('sqlitejdbc') }
                    ?.split(/\s+/)?.last()
            if (mapped == null) sleep(20)
        }
        [result: running.finish(), mapped: mapped]
    }

    private Path cachedLibrary() {
        Files.walk(home.resolve('cache/native')).withCloseable { s ->
            s.filter { it.fileName.toString() == LibraryLoaderUtil.nativeLibName }.findFirst().orElseThrow()
        }
    }

    private static byte[] resource() {
        String path = LibraryLoaderUtil.nativeLibResourcePath + '/' + LibraryLoaderUtil.nativeLibName
        LibraryLoaderUtil.getResourceAsStream(path).withCloseable { it.readAllBytes() }
    }
}
