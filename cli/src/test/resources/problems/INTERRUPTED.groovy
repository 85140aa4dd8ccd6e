// command: run --no-plan FILE
// signal: INT once started exists
// exit: 130
// expect: ?
runbook 'problems/interrupted', version: '1.0.0', {
    step 'migrate', { sh 'touch started; sleep 60' }
}
