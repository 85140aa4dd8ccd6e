// case: a dead run left a staged copy beside the database; the next run sweeps it; the refused restore leaves the rest
// given: backups 1
// sh: cp app.db .app.db.ripcord-tmp-99999-deadbeef; echo x > $(newest app).manifest.json
// command: run --no-plan <FILE>
// exit: 65
// code: MANIFEST_INVALID
// expect: is not valid JSON
// next: put back the manifest
// changes: .app.db.ripcord-tmp-99999-deadbeef
// where: <FILE>:15
runbook 'corpus/leftover', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
