// expect: unknown verb 'shh' at unknown-verb.groovy:5 — did you mean sh?
runbook 'demo/unknown-verb', version: '1.0.0', {
    step 'greet', {
        log 'hello'
        shh 'uptime'
    }
}
