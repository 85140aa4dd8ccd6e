// case: a verb name with a typo
// command: run --no-plan <FILE>
// exit: 2
// code: UNKNOWN_VERB
// expect: unknown verb 'backpu'
// where: <FILE>:11
runbook 'corpus/typo', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backpu db, to: 'backups'
    }
}
