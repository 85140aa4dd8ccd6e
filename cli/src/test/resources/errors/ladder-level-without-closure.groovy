// expect: level 'revert' has no closure: nothing says what it does at ladder-level-without-closure.groovy:8
runbook 'demo/ladder-level-without-closure', version: '1.0.0', {
    step 'health', {
        healthCheck command('true')
    }
    rollbackIf { failed 'health' } then ladder {
        level 'redeploy', { sh 'true' }
        level 'revert'
    }
}
