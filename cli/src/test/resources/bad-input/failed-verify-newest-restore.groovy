// case: the newest backup failed verify; restoring it anyway (includeFailed) is refused, naming the one to use
// given: backups 2
// file: failverify.groovy: runbook 'corpus/fail-verify', version: '1.0.0', { def db = sqlite 'app.db'; step 'v', { verify lastBackup(db), query: 'SELECT COUNT(*) FROM users', expect: { it > 5000 } } }
// ripcord: run --no-plan <SCRATCH>/failverify.groovy
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: failed verify at
// next: restore another backup: app-
// where: <FILE>:15
runbook 'corpus/failed-newest', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, includeFailed: true)
    }
}
