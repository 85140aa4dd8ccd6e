// expect: parameter 'image' is required and has a default; a default makes it optional at param-required-with-default.groovy:3
runbook 'demo/param-required-with-default', version: '1.0.0', {
    param 'image', required: true, default: 'app:latest'
    step 'deploy', { log 'deploying' }
}
