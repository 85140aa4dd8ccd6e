// command: run --no-plan <FILE>
// exit: 66
// expect: error[BACKUP_MISSING]: step 'restore' failed: lastBackup: no backup of sqlite <CWD>/app.db in the catalog at BACKUP_MISSING.groovy:6
runbook 'problems/backup-missing', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'restore', { restore lastBackup(db) }
}
