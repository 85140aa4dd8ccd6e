// case: dir(...) names a file
// given: data
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: does not exist as a directory
// next: check the path
// where: <FILE>:12
runbook 'corpus/source-dir-is-a-file', version: '1.0.0', {
    def source = dir('app.db')
    step 'back up', {
        backup source, to: 'backups'
    }
}
