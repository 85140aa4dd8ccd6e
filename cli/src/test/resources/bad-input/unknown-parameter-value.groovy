// case: -p names a parameter the runbook does not declare
// command: run --no-plan <FILE> -p imgae=app:2
// exit: 2
// code: UNKNOWN_PARAMETER
// expect: imgae
runbook 'corpus/unknown-param', version: '1.0.0', {
    param 'image', default: 'app:1'
    step 'a', { log params.image }
}
