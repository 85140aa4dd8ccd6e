// case: a version that is not a semantic version
// command: run --no-plan <FILE>
// exit: 2
// code: INVALID_RUNBOOK
// expect: one
// where: <FILE>:7
runbook 'corpus/version', version: 'one', {
    step 'a', { log 'hi' }
}
