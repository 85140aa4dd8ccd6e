package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

import static io.ripcord.cli.CliHarness.repoRoot

/** docs/architecture.md describes the code as it is: a row for every module of the build and for every package. */
class ArchitectureDocSpec extends Specification {

    static final String PAGE = Files.readString(repoRoot().resolve('docs/architecture.md'))

    def "the module table has exactly the build's modules"() {
        given:
        def modules = (Files.readString(repoRoot().resolve('pom.xml')) =~ /<module>([^<]+)<\/module>/).collect { "${it[1]}/".toString() }
        def rows = table('| module |').collect { it[0] }

        expect:
        rows.toSet() == modules.toSet()
    }

    def "the package table has exactly one row for every Java package under */src/main/java, with its module"() {
        given: 'the packages as the source tree has them'
        def packages = Files.list(repoRoot()).filter { Files.isDirectory(it.resolve('src/main/java')) }.toList().collectMany { Path module ->
            Path java = module.resolve('src/main/java')
            Files.walk(java).filter { it.toString().endsWith('.java') }.toList()
                    .collect { [java.relativize(it.parent).toString().replace('/', '.'), "${module.fileName}/".toString()] }
                    .unique()
        }

        and: 'the rows as the page has them'
        def rows = table('| package |').collect { it[0..1] }

        expect:
        rows.size() == rows.toSet().size()
        (packages - rows).collect { "no row for ${it[0]} (${it[1]})" } == []
        (rows - packages).collect { "a row for ${it[0]} (${it[1]}), which has no source" } == []
    }

    /** The rows of the table whose header starts with [header], each as its cells without backticks. */
    static List<List<String>> table(String header) {
        PAGE.readLines().dropWhile { !it.startsWith(header) }.drop(2).takeWhile { it.startsWith('|') }.collect { row ->
            row.split(/ \| /).collect { it.replaceAll(/^\| ?| ?\|$/, '').replace('`', '') }
        }
    }
}
