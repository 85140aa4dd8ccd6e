// case: a named argument the verb does not have (too: for to:)
// command: run --no-plan <FILE>
// exit: 2
// code: UNKNOWN_ARGUMENT
// expect: unknown argument 'kep' of backup
// next: ripcord help backup
// where: <FILE>:12
runbook 'corpus/arg', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup db, to: 'backups', kep: 3
    }
}
