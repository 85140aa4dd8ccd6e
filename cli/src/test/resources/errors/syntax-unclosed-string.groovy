// expect: syntax error: Unexpected character: '\'' at syntax-unclosed-string.groovy:4:13
runbook 'demo/syntax-unclosed-string', version: '1.0.0', {
    step 'greet', {
        log 'hello
    }
}
