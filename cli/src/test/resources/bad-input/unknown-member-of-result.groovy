// case: a member a verb's result does not have
// command: run --no-plan <FILE>
// exit: 2
// code: UNKNOWN_PROPERTY
// expect: stdot
// where: <FILE>:12
runbook 'corpus/result', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'sh', {
        def out = sh 'echo hi'
        log out.stdot
    }
}
