// expect: params can only be read inside a step at params-outside-step.groovy:4
runbook 'demo/params-outside-step', version: '1.0.0', {
    param 'image', required: true
    def tag = params.image
    step 'deploy', { log "deploying" }
}
