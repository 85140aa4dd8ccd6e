// expect: parameter 'image' is declared twice (first at line 3) at duplicate-parameter.groovy:4
runbook 'demo/duplicate-parameter', version: '1.0.0', {
    param 'image', required: true
    param 'image', default: 'app:latest'
    step 'deploy', { log 'deploying' }
}
