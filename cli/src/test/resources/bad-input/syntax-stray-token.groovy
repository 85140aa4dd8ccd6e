// case: a stray token in a step
// command: run --no-plan <FILE>
// exit: 2
// code: SYNTAX_ERROR
// expect: syntax error
// where: <FILE>:8
runbook 'corpus/stray', version: '1.0.0', {
    step 'a', { log 'hi' ) }
}
