package io.ripcord.secret

import groovy.json.JsonOutput
import spock.lang.Specification

import java.nio.charset.StandardCharsets

/** The redactor finds a secret in the forms encoders give it, wherever the text went through one. */
class RedactorSpec extends Specification {

    static final String SECRET = 'p"a\\ss wörd*~✓'

    Redactor redactor = new Redactor()

    def setup() {
        redactor.register('PW', SECRET)
    }

    def "a secret is masked #form"() {
        expect:
        redactor.redact(text) == masked

        where:
        form                                | text                                                                          || masked
        'as is'                             | "pw=$SECRET;"                                                                 || 'pw=${secret:PW};'
        'JSON-escaped by Groovy'            | JsonOutput.toJson([pw: SECRET])                                               || '{"pw":"${secret:PW}"}'
        'JSON-escaped without \\u escapes'  | '{"pw":"p\\"a\\\\ss wörd*~✓"}'                                                || '{"pw":"${secret:PW}"}'
        'URL-encoded (form)'                | '?pw=' + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)                    || '?pw=${secret:PW}'
        'URL-encoded (RFC 3986)'            | '?pw=' + URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace('+', '%20').replace('*', '%2A').replace('%7E', '~') || '?pw=${secret:PW}'
        'base64'                            | 'x ' + SECRET.getBytes('UTF-8').encodeBase64() + ' y'                         || 'x ${secret:PW} y'
    }

    def "inside a longer base64 text, such as a Basic authorization header, the secret's part is masked at any alignment"() {
        expect:
        String header = 'Basic ' + "${user}:${SECRET}".getBytes('UTF-8').encodeBase64()
        String redacted = redactor.redact(header)
        redacted.contains('${secret:PW}')
        !redacted.contains(SECRET.getBytes('UTF-8').encodeBase64().toString().substring(4, 16))

        where:
        user << ['admin', 'ops', 'root-1']
    }

    def "redacting twice changes nothing, even for a secret that is part of the placeholder's own text"() {
        given:
        redactor.register('S', 'secret')

        expect:
        redactor.redact(redactor.redact('a secret here')) == 'a ${secret:S} here'
    }

    def "a text without secrets is returned as it was"() {
        expect:
        redactor.redact('nothing to see, YWRtaW4=') == 'nothing to see, YWRtaW4='
    }
}
