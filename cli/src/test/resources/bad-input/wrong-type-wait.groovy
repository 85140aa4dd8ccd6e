// case: wait is given a bare number instead of a duration
// command: run --no-plan <FILE>
// exit: 2
// code: INVALID_ARGUMENT
// expect: expects a duration like 30.seconds
// where: <FILE>:11
runbook 'corpus/wait', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'pause', {
        wait 5
    }
}
