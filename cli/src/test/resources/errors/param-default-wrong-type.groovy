// expect: parameter 'retries' has type Integer but its default many is not a whole number at param-default-wrong-type.groovy:3
runbook 'demo/param-default-wrong-type', version: '1.0.0', {
    param 'retries', type: Integer, default: 'many'
    step 'retry', { log 'retrying' }
}
