// expect: unknown member 'output' of 'out' (a CommandResult, from sh) at unknown-result-member.groovy:5
runbook 'demo/unknown-result-member', version: '1.0.0', {
    step 'count', {
        def out = sh 'echo 5'
        log "counted ${out.output}"
    }
}
