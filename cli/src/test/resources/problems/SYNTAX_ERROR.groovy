// command: check <FILE>
// exit: 2
// expect: error[SYNTAX_ERROR]: syntax error: the '{' opened at line 5 is never closed at SYNTAX_ERROR.groovy:5
runbook 'problems/syntax-error', version: '1.0.0', {
    step 'a', {
        log 'never closed'
}
