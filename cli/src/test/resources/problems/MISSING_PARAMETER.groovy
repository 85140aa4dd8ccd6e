// command: run --no-plan <FILE>
// exit: 2
// expect: error[MISSING_PARAMETER]: missing required parameter 'image' at MISSING_PARAMETER.groovy:5
runbook 'problems/missing-parameter', version: '1.0.0', {
    param 'image', required: true
    step 'a', { log params.image }
}
