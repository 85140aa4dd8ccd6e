// expect: unknown verb 'wiat' at unknown-verb-misspelt.groovy:4 — did you mean wait?
runbook 'demo/unknown-verb-misspelt', version: '1.0.0', {
    step 'pause', {
        wiat 5.seconds
    }
}
