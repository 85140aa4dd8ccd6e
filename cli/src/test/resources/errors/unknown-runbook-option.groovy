// expect: unknown option 'versoin' of runbook at unknown-runbook-option.groovy:2 — did you mean version?
runbook 'demo/unknown-runbook-option', versoin: '1.0.0', {
    step 'greet', { log 'hello' }
}
