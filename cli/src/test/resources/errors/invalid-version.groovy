// expect: version '1.0' is not a semantic version at invalid-version.groovy:2
runbook 'demo/invalid-version', version: '1.0', {
    step 'greet', { log 'hello' }
}
