package io.ripcord.dsl

import io.ripcord.model.RunbookSource
import io.ripcord.problem.RunbookException
import io.ripcord.secret.Redactor
import io.ripcord.verb.RecordingVerb
import io.ripcord.verb.VerbRegistry
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.Executors

/** The compiled-class cache: unchanged runbooks load without compiling; anything that changes the bytes misses. */
class CompiledClassCacheSpec extends Specification {

    Path dir = Files.createTempDirectory('ripcord-cache')
    Path cacheDir = dir.resolve('cache')
    VerbRegistry verbs = new VerbRegistry([new RecordingVerb('touch')])
    static final String TEXT = "runbook 'demo/cached', version: '1.0.0', {\n    step 'a', { touch 'x' }\n    step 'b', {\n        touch 'y'\n    }\n}\n"

    def cleanup() {
        dir.toFile().deleteDir()
    }

    RunbookLoader loader(VerbRegistry registry = verbs) {
        new RunbookLoader(registry, dir, [:], new Redactor(), new CompiledClassCache(cacheDir))
    }

    RunbookSource source(String text = TEXT, String name = 'cached.groovy') {
        RunbookSource.of(dir.resolve(name), name, text)
    }

    List<String> entries() {
        Files.exists(cacheDir) ? Files.list(cacheDir).withCloseable { s -> s.collect { it.fileName.toString() }.sort() } : []
    }

    def "a runbook loaded twice is compiled once, and the cached load is the same runbook"() {
        when:
        def first = loader().load(source())
        def cachedEntries = entries()
        def second = loader().load(source())

        then:
        cachedEntries.size() == 1
        entries() == cachedEntries
        second.id() == first.id()
        second.stepHashes() == first.stepHashes()
        second.steps()*.location()*.line() == [2, 3]
    }

    def "#change gives a new entry"() {
        given:
        loader().load(source())

        when:
        loader(registry ?: verbs).load(source(text, name))

        then:
        entries().size() == 2

        where:
        change                 | text                                   | name           | registry
        'a changed text'       | TEXT.replace("'y'", "'z'")             | 'cached.groovy' | null
        'another file name'    | TEXT                                   | 'other.groovy' | null
        'another set of verbs' | TEXT                                   | 'cached.groovy' | new VerbRegistry([new RecordingVerb('touch'), new RecordingVerb('poke')])
    }

    def "a runbook that does not load or validate leaves nothing in the cache"() {
        when:
        loader().load(source(text))

        then:
        thrown(RunbookException)
        entries().isEmpty()

        where:
        text << ["runbook 'demo/x', version: '1.0.0', { step 'a', { tuoch 'x' } }",      // fails the checker
                 "runbook 'demo/x', version: '1.0', { step 'a', { touch 'x' } }",         // compiles, fails validation
                 "runbook 'demo/x', version: '1.0.0', { step 'a', { touch 'x' }"]         // syntax
    }

    def "a damaged entry is a miss, not an error, and is replaced"() {
        given:
        loader().load(source())
        Path entry = cacheDir.resolve(entries()[0])
        Files.write(entry, 'garbage'.bytes)

        when:
        def rb = loader().load(source())

        then:
        rb.id() == 'demo/cached@1.0.0'
        Files.size(entry) > 100
    }

    def "an entry #who could have written is not loaded: classes are code"() {
        given:
        loader().load(source())
        def cache = new CompiledClassCache(cacheDir)
        String key = CompiledClassCache.key(source(), verbs)

        expect: 'the cache directory is its owner\'s alone, and the entry is read'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)) == 'rwx------'
        cache.read(key).present

        when:
        Files.setPosixFilePermissions(which == 'entry' ? cacheDir.resolve("${key}.classes") : cacheDir, PosixFilePermissions.fromString(mode))

        then:
        !cache.read(key).present

        where:
        who                   | which       | mode
        'the group'           | 'entry'     | 'rw-rw----'
        'anyone'              | 'entry'     | 'rw-r--rw-'
        'anyone (directory)'  | 'directory' | 'rwxrwxrwx'
    }

    def "loaders racing on the same runbook all load it and leave one whole entry"() {
        given:
        def pool = Executors.newFixedThreadPool(4)

        when:
        def ids = (1..8).collect { pool.submit({ loader().load(source()).id() } as java.util.concurrent.Callable) }*.get()

        then:
        ids.unique() == ['demo/cached@1.0.0']
        entries().size() == 1
        entries()[0].endsWith('.classes')

        cleanup:
        pool.shutdown()
    }
}
