// command: check <FILE>
// exit: 2
// expect: error[DUPLICATE_PARAMETER]: parameter 'image' is declared twice (first at line 5) at DUPLICATE_PARAMETER.groovy:6
runbook 'problems/duplicate-parameter', version: '1.0.0', {
    param 'image'
    param 'image'
    step 'a', { log params.image }
}
