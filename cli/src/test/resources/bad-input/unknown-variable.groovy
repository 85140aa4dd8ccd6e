// case: a variable that was never declared (dbb)
// command: run --no-plan <FILE>
// exit: 2
// code: UNKNOWN_PROPERTY
// expect: dbb
// where: <FILE>:11
runbook 'corpus/variable', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup dbb, to: 'backups'
    }
}
