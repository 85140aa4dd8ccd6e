package io.ripcord.cli

import org.sqlite.util.LibraryLoaderUtil
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.ripcordProcess

class SqliteLibrarySpec extends Specification {

    @TempDir
    Path dir

    def "the journal's native SQLite library is copied once into the cache and loaded from there, not from the temp directory"() {
        given:
        Path home = dir.resolve('home')
        Path tmp = Files.createDirectories(dir.resolve('tmp'))
        def env = CliHarness.defaultEnv() + [RIPCORD_HOME: home.toString()]

        when:
        def first = ripcordProcess(env: env, tmp: tmp, cwd: dir, 'run', '--no-plan', runbook().toString())
        Path library = Files.walk(home.resolve('cache/native')).withCloseable { s ->
            s.filter { it.fileName.toString() == LibraryLoaderUtil.nativeLibName }.findFirst().orElseThrow()
        }
        def copied = Files.getLastModifiedTime(library)
        def second = ripcordProcess(env: env, tmp: tmp, 'runs')

        then:
        first.exit == 0
        second.exit == 0
        second.out.contains('one')
        Files.readAllBytes(library) == resource()
        Files.getLastModifiedTime(library) == copied
    }

    def "a cache that cannot be written leaves sqlite-jdbc to extract its library itself"() {
        given:
        Path home = Files.createDirectories(dir.resolve('home'))
        Files.writeString(home.resolve('cache'), 'a file where the cache directory would be')
        Path tmp = Files.createDirectories(dir.resolve('tmp'))

        when:
        def result = ripcordProcess(env: CliHarness.defaultEnv() + [RIPCORD_HOME: home.toString()], tmp: tmp, cwd: dir,
                'run', '--no-plan', '--journal', dir.resolve('journal.db').toString(), runbook().toString())

        then:
        result.exit == 0
        Files.size(dir.resolve('journal.db')) > 0
    }

    private Path runbook() {
        Path file = dir.resolve('one.groovy')
        Files.writeString(file, "runbook 'one', version: '1.0.0', {\n    step 'say', {\n        log 'hello'\n    }\n}\n")
        file
    }

    private static byte[] resource() {
        String path = LibraryLoaderUtil.nativeLibResourcePath + '/' + LibraryLoaderUtil.nativeLibName
        LibraryLoaderUtil.getResourceAsStream(path).withCloseable { it.readAllBytes() }
    }
}
