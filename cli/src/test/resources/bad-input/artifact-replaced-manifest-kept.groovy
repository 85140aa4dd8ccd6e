// case: the artifact was replaced and its manifest left as it was: the content does not match
// given: backups 1
// sh: n=$(newest app); foreign_db other.db; gzip -c other.db > "$n"; rm other.db
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: failed verification
// next: do not restore it
// where: <FILE>:14
runbook 'corpus/replaced-kept', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db)
    }
}
