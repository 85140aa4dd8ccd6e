// expect: unknown parameter 'params.imag' at unknown-parameter-reference.groovy:5 — did you mean image?
runbook 'demo/unknown-parameter-reference', version: '1.0.0', {
    param 'image', required: true
    step 'deploy', {
        log "deploying ${params.imag}"
    }
}
