// expect: the step name 'rollback' is reserved for the rollback's own record at step-named-rollback.groovy:3
runbook 'demo/step-named-rollback', version: '1.0.0', {
    step 'rollback', {
        sh 'true'
    }
}
