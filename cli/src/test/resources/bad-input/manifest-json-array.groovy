// case: the manifest is JSON, but a list instead of an object
// given: backups 1
// sh: echo '[1, 2, 3]' > $(newest app).manifest.json
// command: run --no-plan <FILE>
// exit: 65
// code: MANIFEST_INVALID
// expect: is not valid JSON
// next: put back the manifest
// where: <FILE>:14
runbook 'corpus/manifest-array', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db)
    }
}
