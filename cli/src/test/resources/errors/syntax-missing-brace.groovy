// expect: syntax error: the '{' opened at line 3 is never closed at syntax-missing-brace.groovy:3
runbook 'demo/syntax-missing-brace', version: '1.0.0', {
    step 'greet', {
        log 'hello'

    step 'leave', {
        log 'bye'
    }
}
