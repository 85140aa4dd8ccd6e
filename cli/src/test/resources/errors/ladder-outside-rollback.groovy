// expect: 'ladder' belongs after rollbackIf { ... } then at ladder-outside-rollback.groovy:6
runbook 'demo/ladder-outside-rollback', version: '1.0.0', {
    step 'health', {
        healthCheck command('true')
    }
    ladder {
        level 'redeploy', { sh 'true' }
    }
}
