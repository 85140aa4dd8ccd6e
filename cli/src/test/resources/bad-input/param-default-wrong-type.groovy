// case: a parameter whose default is not of its type
// command: run --no-plan <FILE>
// exit: 2
// code: INVALID_PARAMETER
// expect: many
// where: <FILE>:8
runbook 'corpus/param', version: '1.0.0', {
    param 'count', type: Integer, default: 'many'
    step 'a', { log 'hi' }
}
