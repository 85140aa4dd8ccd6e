// command: run --no-plan <FILE> -p retries=many
// exit: 2
// expect: error[INVALID_PARAMETER_VALUE]: parameter 'retries' expects a whole number, got 'many'
runbook 'problems/invalid-parameter-value', version: '1.0.0', {
    param 'retries', type: Integer, default: 3
    step 'a', { log "retries: ${params.retries}" }
}
