// expect: duplicate level name 'redeploy' in the ladder (first at line 7) at ladder-duplicate-level.groovy:8
runbook 'demo/ladder-duplicate-level', version: '1.0.0', {
    step 'health', {
        healthCheck command('true')
    }
    rollbackIf { failed 'health' } then ladder {
        level 'redeploy', { sh 'true' }
        level 'redeploy', { sh 'true' }
    }
}
