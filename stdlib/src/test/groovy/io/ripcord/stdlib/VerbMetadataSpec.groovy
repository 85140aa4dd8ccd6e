package io.ripcord.stdlib

import io.ripcord.dsl.RunbookLoader
import io.ripcord.model.RunbookSource
import io.ripcord.verb.VerbRegistry
import io.ripcord.verb.VerbSpec
import spock.lang.Specification

import java.nio.file.Path

/** The metadata is the documentation (help, README): every verb must describe itself fully and correctly. */
class VerbMetadataSpec extends Specification {

    static final VerbRegistry VERBS = VerbRegistry.fromClassPath()

    def "the standard library verbs are found through ServiceLoader"() {
        expect:
        VERBS.names().containsAll(['sh', 'log', 'wait'])
    }

    def "verb #spec.name() documents itself and every argument"() {
        expect:
        !spec.summary().isBlank()
        spec.summary().endsWith('.')
        spec.args().every { !it.doc().isBlank() }
        spec.example() != null

        where:
        spec << VERBS.specs()
    }

    def "the example of #spec.name() passes the checks a runbook gets"() {
        given:
        def params = (spec.example() =~ /params\.(\w+)/).collect { it[1] }.unique()
        def text = "runbook 'demo/example', version: '1.0.0', {\n" +
                params.collect { "    param '$it'\n" }.join() +
                "    step 'example', {\n        ${spec.example()}\n    }\n}\n"

        when:
        def rb = new RunbookLoader(VERBS).load(RunbookSource.of(Path.of('example.groovy'), 'example.groovy', text))

        then:
        rb.steps().size() == 1

        where:
        spec << VERBS.specs()
    }
}
