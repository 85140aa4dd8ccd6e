// expect: duplicate step name 'back up' (first defined at line 3) at duplicate-step.groovy:6
runbook 'demo/duplicate-step', version: '1.0.0', {
    step 'back up', { log 'one' }
    step 'deploy', { log 'two' }

    step 'back up', { log 'three' }
}
