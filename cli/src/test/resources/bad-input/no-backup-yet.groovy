// case: a restore before any backup of the database was taken
// given: data
// command: run --no-plan <FILE>
// exit: 66
// code: BACKUP_MISSING
// expect: no backup of sqlite <CWD>/app.db in the catalog
// next: take one with backup
// where: <FILE>:13
runbook 'corpus/no-backup', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
