// case: retries: is given a word
// command: run --no-plan <FILE>
// exit: 2
// code: INVALID_ARGUMENT
// expect: retries
// where: <FILE>:11
runbook 'corpus/retries', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'health', {
        healthCheck tcp('127.0.0.1', 1), retries: 'three'
    }
}
