// expect: runbook 'demo/missing-version' has no version at missing-version.groovy:2
runbook 'demo/missing-version', {
    step 'greet', { log 'hello' }
}
