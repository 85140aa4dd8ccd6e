// case: a tree archive with a symlink to .. and then a file through it
// given: data
// file: setup-other.groovy: runbook 'corpus/setup', version: '1.0.0', { def db = sqlite 'app.db'; step 'b', { backup db, to: 'backups'; backup dir('data'), to: 'backups' } }
// ripcord other: run --no-plan <SCRATCH>/setup-other.groovy
// sh: n=$(newest data); mkdir -p t u; ln -s .. t/link; mkdir u/link; echo x > u/link/evil; tar -cf x.tar -C t link; tar -rf x.tar -C u link/evil; gzip -nc x.tar > "$n"; rm x.tar; fix_members "$n"; rm -rf t u
// command: run --no-plan <FILE>
// exit: 65
// code: UNSAFE_ARCHIVE
// expect: the archive is unsafe to extract: symlink link -> .. points outside the target
// next: this backup is not safe to restore
// where: <FILE>:16
runbook 'corpus/symlink-then-file', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(tree, from: 'backups'), trust: 'manifest'
    }
}
