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

    def "a cached copy cut short is made again instead of crashing the JVM"() {
        given:
        journaledRun()
        Path library = cachedLibrary()
        byte[] whole = Files.readAllBytes(library)
        Files.write(library, Arrays.copyOf(whole, whole.length.intdiv(2)))

        when:
        def run = journaledRun()

        then:
        run.result.exit == 0
        run.mapped == library.toString()
        Files.readAllBytes(library) == resource()
    }

    def "a cached copy that another user could have written is not loaded"() {
        given:
        journaledRun()
        Path library = cachedLibrary()
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString('rwxrwx---'))

        when:
        def run = journaledRun()

        then: 'sqlite-jdbc extracted and loaded its own copy, as without the cache'
        run.result.exit == 0
        run.mapped != library.toString()
        run.mapped.startsWith(tmp.toString())
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
