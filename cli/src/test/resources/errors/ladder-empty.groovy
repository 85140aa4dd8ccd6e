// expect: the ladder has no levels at ladder-empty.groovy:6
runbook 'demo/ladder-empty', version: '1.0.0', {
    step 'health', {
        healthCheck command('true')
    }
    rollbackIf { failed 'health' } then ladder {
    }
}
