// case: two steps with the same name
// command: run --no-plan <FILE>
// exit: 2
// code: DUPLICATE_STEP
// expect: 'a'
// where: <FILE>:9
runbook 'corpus/dup', version: '1.0.0', {
    step 'a', { log 'one' }
    step 'a', { log 'two' }
}
