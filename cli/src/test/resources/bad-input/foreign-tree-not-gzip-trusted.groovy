// case: a foreign tree backup that is not gzip at all, trusted by its manifest alone
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// sh: n=$(newest data); echo "plain text" > "$n"; fix_manifest "$n"
// command: run --no-plan <FILE>
// exit: 65
// code: VERIFICATION_FAILED
// expect: failed verification
// next: do not restore it
// where: <FILE>:16
runbook 'corpus/foreign-tree-not-gzip-trusted', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(tree, from: 'backups'), trust: 'manifest'
    }
}
