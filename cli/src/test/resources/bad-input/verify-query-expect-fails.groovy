// case: verify's query does not meet its expect: closure; the error quotes the closure
// given: backups 1
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: returned 1000, which does not meet expect: { it > 5000 }
// next: do not restore it
// where: <FILE>:13
runbook 'corpus/expect-fails', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db), query: 'SELECT COUNT(*) FROM users', expect: { it > 5000 }
    }
}
