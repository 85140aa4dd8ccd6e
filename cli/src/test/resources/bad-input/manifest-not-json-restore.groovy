// case: the same broken manifest stops a restore, and the live database stays
// given: backups 1
// sh: echo '{"id": broken' > $(newest app).manifest.json
// command: run --no-plan <FILE>
// exit: 65
// code: MANIFEST_INVALID
// expect: is not valid JSON
// next: put back the manifest <CWD>/backups/app-
// where: <FILE>:14
runbook 'corpus/manifest-json-restore', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
