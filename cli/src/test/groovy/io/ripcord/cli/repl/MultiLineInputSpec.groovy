package io.ripcord.cli.repl

import spock.lang.Specification

class MultiLineInputSpec extends Specification {

    def "#text #verdict"() {
        expect:
        MultiLineInput.awaitsMore(text) == more

        where:
        text                                          | more
        "log 'done'"                                  | false
        "backup sqlite('app.db'),"                    | true
        "def total = 3 +"                             | true
        "def path = dir."                             | true
        "def n = 5 -"                                 | true
        "log 'done' // retry later..."                | false
        "log 'done' // minus -"                       | false
        "log 'done' /* a * */"                        | false
        "sh 'ls -l *'"                                | false
        "log 'x -'"                                   | false
        "count++"                                     | false
        "count--"                                     | false
        "backup sqlite('app.db'), // and then:"       | true
        "verify x, expect: {"                         | true
        ":help backup,"                               | false
        "log 'a' }"                                   | false
        "import java.time.*"                          | false
        "log 'a' /* a note that goes on"              | true
        "log 'a' /* a note */"                        | false
        "backup x,\n// a note"                        | true
        verdict = more ? 'waits for the next line' : 'is complete'
    }
}
