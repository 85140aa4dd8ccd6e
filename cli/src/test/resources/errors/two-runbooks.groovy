// expect: a second runbook in the same file at two-runbooks.groovy:5
runbook 'demo/first', version: '1.0.0', {
    step 'greet', { log 'hello' }
}
runbook 'demo/second', version: '1.0.0', {
    step 'greet', { log 'hello' }
}
