// case: the database to back up does not exist (a typo in its path)
// given: data
// command: run --no-plan <FILE>
// exit: 66
// code: TARGET_MISSING
// expect: sqlite <CWD>/ap.db does not exist
// next: check the path
// where: <FILE>:12
runbook 'corpus/source-sqlite-missing', version: '1.0.0', {
    def source = sqlite 'ap.db'
    step 'back up', {
        backup source, to: 'backups'
    }
}
