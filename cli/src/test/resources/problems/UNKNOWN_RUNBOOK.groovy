// given: copy runbooks/problems/unknown-runbook.groovy
// command: plan problems/unkown-runbook
// exit: 2
// expect: error[UNKNOWN_RUNBOOK]: no runbook named 'problems/unkown-runbook' on the search path — did you mean problems/unknown-runbook?
runbook 'problems/unknown-runbook', version: '1.0.0', {
    step 'a', { log 'hi' }
}
