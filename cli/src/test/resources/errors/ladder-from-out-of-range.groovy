// expect: ladder(from: 3) names no level: this ladder has levels 1 to 2 (redeploy, revert) at ladder-from-out-of-range.groovy:6
runbook 'demo/ladder-from-out-of-range', version: '1.0.0', {
    step 'health', {
        healthCheck command('true')
    }
    rollbackIf { failed 'health' } then ladder(from: 3) {
        level 'redeploy', { sh 'true' }
        level 'revert', { sh 'true' }
    }
}
