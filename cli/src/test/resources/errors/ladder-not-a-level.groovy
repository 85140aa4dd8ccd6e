// expect: only levels belong in a ladder, not 'sh' at ladder-not-a-level.groovy:7
runbook 'demo/ladder-not-a-level', version: '1.0.0', {
    step 'health', {
        healthCheck command('true')
    }
    rollbackIf { failed 'health' } then ladder {
        sh 'docker compose up -d'
        level 'redeploy', { sh 'true' }
    }
}
