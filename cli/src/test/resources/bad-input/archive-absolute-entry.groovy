// case: a tree archive with an absolute entry /tmp/...
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// sh: n=$(newest data); mkdir -p t u; echo x > t/evil; tar -czPf "$n" "$PWD/t/evil"; fix_members "$n"; rm -rf t u
// command: run --no-plan <FILE>
// exit: 65
// code: UNSAFE_ARCHIVE
// expect: the archive is unsafe to extract: entry <CWD>/t/evil has an absolute path
// next: this backup is not safe to restore
// where: <FILE>:16
runbook 'corpus/absolute-entry', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(tree, from: 'backups'), trust: 'manifest'
    }
}
