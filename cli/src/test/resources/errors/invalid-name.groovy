// expect: invalid runbook name 'My Runbook' at invalid-name.groovy:2
runbook 'My Runbook', version: '1.0.0', {
    step 'greet', { log 'hello' }
}
