// case: a healthCheck of the database whose expect: closure is not met; the error quotes the closure as written
// given: data
// command: run --no-plan <FILE>
// exit: 1
// code: STEP_FAILED
// expect: returned 1000, which does not meet expect: { it >= 5000 }
// next: check the service's logs
// where: <FILE>:13
runbook 'corpus/health-expect', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'health', {
        healthCheck db, query: 'SELECT COUNT(*) FROM users', expect: { it >= 5000 }
    }
}
