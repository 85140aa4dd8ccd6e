// expect: unknown argument 'timeot' of sh at unknown-argument.groovy:4 — did you mean timeout?
runbook 'demo/unknown-argument', version: '1.0.0', {
    step 'look', {
        sh 'uptime', timeot: 5.seconds
    }
}
