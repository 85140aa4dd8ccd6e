// expect: 'step' belongs directly inside runbook { }, not inside a step at step-inside-step.groovy:4
runbook 'demo/step-inside-step', version: '1.0.0', {
    step 'outer', {
        step 'inner', { log 'hello' }
    }
}
