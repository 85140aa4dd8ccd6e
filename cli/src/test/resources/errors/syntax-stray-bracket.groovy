// expect: syntax error: the '(' opened at line 4 is closed by ']' at line 4 at syntax-stray-bracket.groovy:4
runbook 'demo/syntax-stray-bracket', version: '1.0.0', {
    step 'greet', {
        log('hello']
    }
}
