// case: file(...) names a file that is not there
// given: data
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: does not exist
// next: check the path
// where: <FILE>:12
runbook 'corpus/source-file-missing', version: '1.0.0', {
    def source = file('.env')
    step 'back up', {
        backup source, to: 'backups'
    }
}
