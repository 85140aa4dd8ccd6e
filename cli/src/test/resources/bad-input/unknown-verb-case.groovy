// case: a verb in the wrong case (healthcheck for healthCheck)
// command: run --no-plan <FILE>
// exit: 2
// code: UNKNOWN_VERB
// expect: did you mean healthCheck?
// where: <FILE>:11
runbook 'corpus/case', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'health', {
        healthcheck tcp('127.0.0.1', 1)
    }
}
