// command: run --no-plan <FILE>
// exit: 2
// expect: error[INVALID_ARGUMENT]: container: 'bad name!' is not a container name at INVALID_ARGUMENT.groovy:5
runbook 'problems/invalid-argument', version: '1.0.0', {
    def app = container 'bad name!'
    step 'a', { log "would stop ${app}" }
}
