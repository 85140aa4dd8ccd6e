// expect: runbook 'demo/no-steps' has no steps at no-steps.groovy:2
runbook 'demo/no-steps', version: '1.0.0', {
    description 'forgot the steps'
}
