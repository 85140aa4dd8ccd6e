// case: a step's closure is never closed
// command: run --no-plan <FILE>
// exit: 2
// code: SYNTAX_ERROR
// expect: the '{' opened at line
// next: add the missing bracket
// where: <FILE>:9
runbook 'corpus/unclosed', version: '1.0.0', {
    step 'a', { log 'hi'
}
