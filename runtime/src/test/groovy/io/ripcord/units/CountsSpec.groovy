package io.ripcord.units

import spock.lang.Specification

class CountsSpec extends Specification {
    def "#n #noun reads as '#text'"() {
        expect:
        Counts.of(n, noun) == text

        where:
        n  | noun     | text
        0  | 'step'   | '0 steps'
        1  | 'step'   | '1 step'
        2  | 'action' | '2 actions'
        -1 | 'file'   | '-1 files'
    }
}
