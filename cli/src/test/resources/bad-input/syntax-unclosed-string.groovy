// case: a string is never closed
// command: run --no-plan <FILE>
// exit: 2
// code: SYNTAX_ERROR
// expect: the '{' opened at line 8 is never closed
// next: Unexpected character
// where: <FILE>:8
runbook 'corpus/string', version: '1.0.0', {
    step 'a', { log 'hi }
}
