// case: a cataloged backup is used from another directory than the one it was cataloged in
// given: backups 1
// sh: mkdir moved && cp $(newest app) $(newest app).manifest.json moved/
// command: run --no-plan <FILE>
// exit: 65
// code: CATALOG_MISMATCH
// expect: not at <CWD>/moved/app-
// next: use the cataloged file
// where: <FILE>:14
runbook 'corpus/moved', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, from: 'moved')
    }
}
