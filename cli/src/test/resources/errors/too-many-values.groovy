// expect: log takes at most one value before its named arguments (message), got 2 at too-many-values.groovy:4
runbook 'demo/too-many-values', version: '1.0.0', {
    step 'say', {
        log 'one', 'two'
    }
}
