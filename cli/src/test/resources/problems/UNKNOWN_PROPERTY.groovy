// command: check <FILE>
// exit: 2
// expect: error[UNKNOWN_PROPERTY]: unknown name 'taget' at UNKNOWN_PROPERTY.groovy:6 — did you mean target?
runbook 'problems/unknown-property', version: '1.0.0', {
    def target = '/srv/app'
    step 'a', { log "deploying to ${taget}" }
}
