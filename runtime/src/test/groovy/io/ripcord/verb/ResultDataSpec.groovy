package io.ripcord.verb

import groovy.json.JsonOutput
import spock.lang.Specification

/** Arguments and results as journal data: the same value gives the same JSON in every process (resume hashes it). */
class ResultDataSpec extends Specification {

    def "a map with no order of its own (Map.of, salted per JVM) journals with its keys sorted; ordered maps keep their order"() {
        expect:
        JsonOutput.toJson(ResultData.of([backup: Map.of('sha256', 'abc', 'file', '/b/f.gz', 'backup', 'f-1', 'size', 3)])) ==
                '{"backup":{"backup":"f-1","file":"/b/f.gz","sha256":"abc","size":3}}'
        JsonOutput.toJson(ResultData.of([z: 1, a: 2])) == '{"z":1,"a":2}'
    }
}
