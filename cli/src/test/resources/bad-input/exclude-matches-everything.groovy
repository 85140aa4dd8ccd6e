// case: exclude: leaves out every file of the directory, so the backup would hold nothing
// given: data
// command: run --no-plan <FILE>
// exit: 1
// code: STEP_FAILED
// expect: backup: exclude: * leaves nothing of <CWD>/data to back up: all 2 files in it are excluded
// next: narrow exclude:
// where: <FILE>:11
runbook 'corpus/exclude-matches-everything', version: '1.0.0', {
    step 'back up', {
        backup dir('data'), to: 'backups', exclude: ['*']
    }
}
