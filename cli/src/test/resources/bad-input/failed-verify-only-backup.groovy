// case: the only backup failed verify: lastBackup has none to give
// given: backups 1
// file: failverify.groovy: runbook 'corpus/fail-verify', version: '1.0.0', { def db = sqlite 'app.db'; step 'v', { verify lastBackup(db), query: 'SELECT COUNT(*) FROM users', expect: { it > 5000 } } }
// ripcord: run --no-plan <SCRATCH>/failverify.groovy
// command: run --no-plan <FILE>
// exit: 66
// code: BACKUP_MISSING
// expect: no backup of sqlite <CWD>/app.db in the catalog
// next: take one with backup
// where: <FILE>:15
runbook 'corpus/failed-only', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
