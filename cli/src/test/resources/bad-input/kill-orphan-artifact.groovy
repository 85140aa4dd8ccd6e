// case: a backup killed before its manifest left a complete artifact alone; it is not offered as a backup
// given: data
// sh: mkdir orphans && sqlite3 app.db .dump | gzip > orphans/app-20260101-000000-dead.sqlite.gz
// command: run --no-plan <FILE>
// exit: 66
// code: BACKUP_MISSING
// expect: no backup of sqlite <CWD>/app.db in orphans
// next: take one with backup
// where: <FILE>:14
runbook 'corpus/orphan', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, from: 'orphans')
    }
}
