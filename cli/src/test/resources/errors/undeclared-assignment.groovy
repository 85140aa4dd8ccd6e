// expect: assignment to undeclared variable 'attempts' at undeclared-assignment.groovy:4
runbook 'demo/undeclared-assignment', version: '1.0.0', {
    step 'count', {
        attempts = 3
        log "attempts: ${attempts}"
    }
}
