// command: run --no-plan <FILE>
// signal: INT once started exists
// exit: 130
// expect: error[INTERRUPTED]: step 'migrate' interrupted during sh at INTERRUPTED.groovy:6
runbook 'problems/interrupted', version: '1.0.0', {
    step 'migrate', { sh 'touch started; sleep 60' }
}
