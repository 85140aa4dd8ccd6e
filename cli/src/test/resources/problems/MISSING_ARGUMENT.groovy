// command: check <FILE>
// exit: 2
// expect: error[MISSING_ARGUMENT]: backup needs 'to' at MISSING_ARGUMENT.groovy:5
runbook 'problems/missing-argument', version: '1.0.0', {
    step 'a', { backup sqlite('app.db') }
}
