package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot

/**
 * The documentation stands alone: every relative link in the README, docs/ and runbooks/README.md names a file of this
 * repository that exists (and a heading of it, when it names one), and nothing points outside the repository — the
 * archive and the .deb ship these pages to machines that have no checkout beside them.
 */
class DocLinksSpec extends Specification {

    static final Path ROOT = repoRoot().toRealPath()

    def "#page: every relative link resolves to a file in the repository, and every anchor to a heading there"() {
        expect:
        brokenLinks(ROOT.resolve(page)) == []

        where:
        page << pages()
    }

    def "#page names no place outside the repository (../shared, /work)"() {
        expect:
        Files.readString(ROOT.resolve(page)).readLines().withIndex()
                .findAll { line, i -> line.contains('../shared') || line.contains('/work/') }
                .collect { line, i -> "$page:${i + 1}: $line" } == []

        where:
        page << pages()
    }

    def "the link check finds a missing file, a missing heading and a path out of the repository"() {
        given:
        Path dir = Files.createDirectories(ROOT.resolve('target/doc-links-spec'))
        Path page = dir.resolve('page.md')
        Files.writeString(page, '''\
            # A page
            ## Real heading: with `code`, punctuation!
            [ok](page.md#real-heading-with-code-punctuation) [ok too](#a-page) [web](https://example.com/x)
            [gone](missing.md) [no heading](page.md#nowhere) [out](../../../outside.md)
            `[in code](not-a-link.md)`
            ```
            [in a fence](not-a-link-either.md)
            ```
            '''.stripIndent())

        expect:
        brokenLinks(page) == ['target/doc-links-spec/page.md:4: missing.md: no such file',
                              'target/doc-links-spec/page.md:4: page.md#nowhere: no heading #nowhere there',
                              'target/doc-links-spec/page.md:4: ../../../outside.md: outside the repository']

        cleanup:
        dir.toFile().deleteDir()
    }

    static List<String> pages() {
        ['README.md', 'runbooks/README.md'] +
                Files.list(ROOT.resolve('docs')).collect { "docs/${it.fileName}".toString() }.findAll { it.endsWith('.md') }.sort()
    }

    /** Each link that does not resolve, as "page:line: target: why". Links inside code are text, not links. */
    static List<String> brokenLinks(Path page) {
        String name = ROOT.relativize(page).toString()
        def problems = []
        boolean fence = false
        Files.readString(page).readLines().eachWithIndex { String line, int i ->
            if (line.startsWith('```')) { fence = !fence; return }
            if (fence) return
            (line.replaceAll(/`[^`]*`/, '') =~ /\[[^\]]*\]\(([^)\s]+)\)/).each { match ->
                String target = match[1]
                if (target ==~ /(?i)(https?|mailto):.*/) return
                String file = target.contains('#') ? target.substring(0, target.indexOf('#')) : target
                String anchor = target.contains('#') ? target.substring(target.indexOf('#') + 1) : null
                Path resolved = file ? page.parent.resolve(file).normalize() : page
                String where = "$name:${i + 1}: $target"
                if (file.startsWith('/') || !resolved.startsWith(ROOT)) {
                    problems << "$where: outside the repository"
                } else if (!Files.exists(resolved)) {
                    problems << "$where: no such file"
                } else if (anchor != null && !(resolved.toString().endsWith('.md') && anchors(resolved).contains(anchor))) {
                    problems << "$where: no heading #$anchor there"
                }
            }
        }
        problems
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> anchors(Path page) {
        def seen = [:].withDefault { 0 }
        boolean fence = false
        Files.readString(page).readLines().findResults { String line ->
            if (line.startsWith('```')) { fence = !fence; return null }
            if (fence || !(line ==~ /#{1,6} .*/)) return null
            String slug = line.replaceFirst(/^#+ /, '').trim().toLowerCase().replaceAll(/[^\p{L}\p{N} _-]/, '').replace(' ', '-')
            int n = seen[slug]++
            n == 0 ? slug : "$slug-$n".toString()
        }.toSet()
    }
}
