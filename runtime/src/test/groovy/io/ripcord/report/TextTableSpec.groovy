package io.ripcord.report

import spock.lang.Specification

class TextTableSpec extends Specification {

    def "each column is as wide as its widest cell, two spaces apart, and the last one is not padded"() {
        expect:
        new TextTable('RUN', 'STATE', 'RUNBOOK')
                .row('r1', 'RUNNING (owner gone; resumable)', 'a/very-long-runbook-name@1.0.0')
                .row('r2', 'OK', null)
                .render() == '''\
            RUN  STATE                            RUNBOOK
            r1   RUNNING (owner gone; resumable)  a/very-long-runbook-name@1.0.0
            r2   OK
            '''.stripIndent()
    }

    def "a row with the wrong number of cells is a bug, said at once"() {
        when:
        new TextTable('A', 'B').row('only one')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'a row of 1 cell in a table of 2 columns'
    }
}
