// case: the backup is smaller than verify's minSize
// given: backups 1
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: below
// next: do not restore it
// where: <FILE>:13
runbook 'corpus/min-size', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db), minSize: 1.MB
    }
}
