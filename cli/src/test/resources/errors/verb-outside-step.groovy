// expect: verb 'sh' is outside a step at verb-outside-step.groovy:3
runbook 'demo/verb-outside-step', version: '1.0.0', {
    sh 'uptime'
    step 'greet', { log 'hello' }
}
