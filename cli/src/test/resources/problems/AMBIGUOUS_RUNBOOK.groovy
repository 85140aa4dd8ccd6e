// given: copy runbooks/one.groovy
// given: edit log 'one' => log 'two'
// given: copy runbooks/two.groovy
// command: plan problems/ambiguous-runbook@1.0.0
// exit: 2
// expect: error[AMBIGUOUS_RUNBOOK]: problems/ambiguous-runbook@1.0.0 is claimed by files with different content: runbooks/one.groovy, runbooks/two.groovy
runbook 'problems/ambiguous-runbook', version: '1.0.0', {
    step 'a', { log 'one' }
}
