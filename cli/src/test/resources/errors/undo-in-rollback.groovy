// expect: 'undo' belongs in a step, not in a rollback at undo-in-rollback.groovy:7
runbook 'demo/undo-in-rollback', version: '1.0.0', {
    step 'deploy', {
        sh 'true'
    }
    rollbackIf { failed 'deploy' } then {
        undo { sh 'true' }
    }
}
