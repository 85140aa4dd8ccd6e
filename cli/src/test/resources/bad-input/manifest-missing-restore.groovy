// case: the manifest beside the newest backup was deleted
// given: backups 1
// sh: rm $(newest app).manifest.json
// command: run --no-plan <FILE>
// exit: 66
// code: BACKUP_MISSING
// expect: no backup of sqlite <CWD>/app.db in the catalog
// next: rebuild the catalog from manifests
// where: <FILE>:14
runbook 'corpus/manifest-missing', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
