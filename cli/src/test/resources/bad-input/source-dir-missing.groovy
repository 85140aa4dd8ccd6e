// case: the directory to back up does not exist
// given: data
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: dir <CWD>/dta does not exist
// next: check the path
// where: <FILE>:12
runbook 'corpus/source-dir-missing', version: '1.0.0', {
    def source = dir('dta')
    step 'back up', {
        backup source, to: 'backups'
    }
}
