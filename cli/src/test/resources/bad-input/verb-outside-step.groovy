// case: a verb called outside any step
// command: run --no-plan <FILE>
// exit: 2
// code: MISPLACED_CALL
// expect: verb 'backup' is outside a step
// next: verbs act only inside step
// where: <FILE>:11
runbook 'corpus/outside', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    backup db, to: 'backups'
}
