// expect: rollbackIf names step 'helth', which this runbook does not have at rollback-unknown-step.groovy:6 — did you mean health?
runbook 'demo/rollback-unknown-step', version: '1.0.0', {
    step 'health', {
        sh 'true'
    }
    rollbackIf { failed 'helth' }
}
