// command: check <FILE>
// exit: 2
// expect: error[INVALID_PARAMETER]: parameter 'image' is required and has a default; a default makes it optional at INVALID_PARAMETER.groovy:5
runbook 'problems/invalid-parameter', version: '1.0.0', {
    param 'image', required: true, default: 'app:1'
    step 'a', { log params.image }
}
