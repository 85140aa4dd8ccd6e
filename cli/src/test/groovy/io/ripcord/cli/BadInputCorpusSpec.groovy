package io.ripcord.cli

import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path
import java.util.regex.Pattern

/**
 * The bad-input corpus: every file in src/test/resources/bad-input/ is one thing a user (or an attacker) gets wrong,
 * run through the real command line in a scratch directory of its own. Each must end with one error that says what
 * ({@code expect}), where ({@code where}: the error ends "at FILE:LINE") and what to do next ({@code next}), under
 * its problem code and exit code, without a stack trace, and leave every file that was there before byte for byte as
 * it was (live data, existing backups) except those the case names under {@code changes}. See
 * {@link BadInputCase} for the header a case file starts with.
 */
class BadInputCorpusSpec extends Specification {

    static List<String> cases() {
        BadInputCase.names()
    }

    def "the corpus holds exactly its cases, more than the 60 the issue asks for, each named for what it gets wrong"() {
        expect:
        cases().size() == BadInputCase.EXPECTED_CASES
        BadInputCase.EXPECTED_CASES > 60
        cases().every { it ==~ /[a-z0-9]+(-[a-z0-9]+)*/ }
    }

    def "#name: one error under its code and exit code says what, where and what next, and nothing else changes"() {
        given:
        def c = new BadInputCase(name)
        c.requireWhatItNeeds()
        c.prepare()

        when:
        def result = c.run()
        def errors = result.err.readLines().findAll { it.startsWith('error[') }

        then: 'one error, under its code, saying what and where'
        result.exit == c.exit
        errors.size() == (c.code == 'none' ? 0 : 1)
        c.code == 'none' || errors[0].startsWith("error[$c.code]: ")
        (c.code == 'none' ? result.err : errors[0]).contains(c.expect)
        c.where == null || errors[0] ==~ /.* at ${Pattern.quote(c.where)}( — did you mean .*\?)?/

        and: 'what to do next'
        c.next == null || result.err.readLines().any { it.startsWith('  next: ') && it.contains(c.next) }

        and: 'no stack trace, no exception class, no "bug"'
        !result.all.contains('\tat ')
        !(result.all =~ /\b\w+(Exception|Error)\b/)
        !result.all.contains('looks like a bug')

        and: 'every file that was there is as it was, but those the case says change'
        c.changedFiles() == c.changes

        cleanup:
        c?.cleanup()
        c?.delete()

        where:
        name << cases()
    }
}
