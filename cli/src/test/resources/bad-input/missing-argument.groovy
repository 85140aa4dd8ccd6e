// case: backup without its required to:
// command: run --no-plan <FILE>
// exit: 2
// code: MISSING_ARGUMENT
// expect: to
// where: <FILE>:11
runbook 'corpus/missing', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup db
    }
}
