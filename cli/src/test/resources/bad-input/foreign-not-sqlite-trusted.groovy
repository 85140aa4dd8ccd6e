// case: a foreign "sqlite" backup that holds a text file, trusted by its manifest alone
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// sh: n=$(newest app); echo "not a database" | gzip > "$n"; fix_manifest "$n"
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: failed verification
// next: do not restore it
// where: <FILE>:16
runbook 'corpus/foreign-not-sqlite-trusted', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db, from: 'backups'), trust: 'manifest'
    }
}
