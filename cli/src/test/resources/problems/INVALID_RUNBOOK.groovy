// command: check <FILE>
// exit: 2
// expect: error[INVALID_RUNBOOK]: version '1.0' is not a semantic version at INVALID_RUNBOOK.groovy:4
runbook 'problems/invalid-runbook', version: '1.0', {
    step 'a', { log 'hi' }
}
