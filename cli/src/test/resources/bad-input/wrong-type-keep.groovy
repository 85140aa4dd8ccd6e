// case: keep: is given a word instead of a count or an age
// command: run --no-plan <FILE>
// exit: 2
// code: INVALID_ARGUMENT
// expect: keep
// where: <FILE>:11
runbook 'corpus/keep', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup db, to: 'backups', keep: 'lots'
    }
}
