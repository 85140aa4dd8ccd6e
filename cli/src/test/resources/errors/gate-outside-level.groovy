// expect: 'gate' belongs in a level of a rollback ladder at gate-outside-level.groovy:4
runbook 'demo/gate-outside-level', version: '1.0.0', {
    step 'deploy', {
        gate { healthCheck command('true') }
    }
}
