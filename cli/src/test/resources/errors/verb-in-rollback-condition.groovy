// expect: verb 'sh' is outside a step (a rollbackIf condition only decides; act in then { ... }) at verb-in-rollback-condition.groovy:6
runbook 'demo/verb-in-rollback-condition', version: '1.0.0', {
    step 'deploy', {
        sh 'true'
    }
    rollbackIf { sh 'test -f /tmp/flag' }
}
