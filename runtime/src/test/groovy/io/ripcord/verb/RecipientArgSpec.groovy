package io.ripcord.verb

import spock.lang.Specification

/** encrypt:'s type: what check refuses as plainly no age recipient, saying what it is without quoting a secret. */
class RecipientArgSpec extends Specification {

    static final String RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'
    static final String IDENTITY = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX'

    def "#what is refused: #message"() {
        when:
        ArgType.RECIPIENT.check(value)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith(message)
        !e.message.contains(IDENTITY.substring(16))

        where:
        what                       | value                                              || message
        'an identity'              | IDENTITY                                           || 'is an age identity (a secret key), not a recipient'
        'an identity in a list'    | [RECIPIENT, IDENTITY]                              || 'is an age identity (a secret key), not a recipient'
        'an SSH key'               | 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0' || 'is an SSH key: SSH recipients are not supported'
        'one letter short'         | RECIPIENT[0..-2]                                   || "is not an age X25519 recipient: 'age1ql3z7hjy…' (61 characters"
        'a letter bech32 never has'| RECIPIENT.replace('q', 'b')                        || "is not an age X25519 recipient: 'age1bl3z7hjy…' (62 characters"
        'a number'                 | 42                                                 || 'expects an age recipient'
    }

    def "a recipient, or a list of them, passes as given"() {
        expect:
        ArgType.RECIPIENT.check(value) == value

        where:
        value << [RECIPIENT, [RECIPIENT, RECIPIENT]]
    }
}
