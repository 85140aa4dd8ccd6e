// case: a member a target does not have (db.pth)
// command: run --no-plan <FILE>
// exit: 2
// code: UNKNOWN_PROPERTY
// expect: pth
// where: <FILE>:11
runbook 'corpus/member', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'log', {
        log db.pth
    }
}
