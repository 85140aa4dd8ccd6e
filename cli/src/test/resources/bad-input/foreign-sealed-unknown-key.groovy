// case: another machine's backup, sealed with its key, which this home does not have
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// command: run --no-plan <FILE>
// exit: 65
// code: MANIFEST_INVALID
// expect: which is neither this home's nor a manifestKey: given
// next: give the key it was sealed with
// where: <FILE>:15
runbook 'corpus/foreign-sealed-unknown-key', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, from: 'backups')
    }
}
