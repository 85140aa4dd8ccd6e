package io.ripcord.problem

import spock.lang.Specification

class NearestNamesSpec extends Specification {

    static final List<String> VERBS = ['backup', 'healthCheck', 'log', 'restore', 'sh', 'stopService', 'startService', 'wait']

    def "'#typed' suggests #suggested"() {
        expect:
        NearestNames.to(typed, VERBS) == suggested

        where:
        typed         | suggested
        'healthcheck' | ['healthCheck']
        'shh'         | ['sh']
        'wiat'        | ['wait']
        'restor'      | ['restore']
        'stopservice' | ['stopService']
        'startServce' | ['startService']
        'bakcup'      | ['backup']
        'deploy'      | []
        'x'           | []
    }

    def "the exact name is never suggested"() {
        expect:
        NearestNames.to('log', VERBS) == []
    }
}
