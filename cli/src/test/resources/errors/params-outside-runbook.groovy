// expect: params can only be read inside runbook { } at params-outside-runbook.groovy:2
def tag = params.image
runbook 'demo/params-outside-runbook', version: '1.0.0', {
    param 'image', required: true
    step 'deploy', { log "deploying $tag" }
}
