// case: asking for a safety copy when no restore ever took one
// given: backups 1
// command: run --no-plan <FILE>
// exit: 66
// code: BACKUP_MISSING
// expect: no safety copy of sqlite <CWD>/app.db
// next: take one with backup
// where: <FILE>:13
runbook 'corpus/no-safety', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, safety: true)
    }
}
