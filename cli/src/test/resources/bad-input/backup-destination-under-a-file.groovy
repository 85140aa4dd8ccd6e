// case: the backup destination's parent is a file
// given: data
// sh: echo x > afile
// command: run --no-plan <FILE>
// exit: 73
// code: DESTINATION_NOT_WRITABLE
// expect: afile/backups: Not a directory
// next: a file stands where a directory of <CWD>/afile/backups must be
// where: <FILE>:14
runbook 'corpus/dest-file', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup db, to: 'afile/backups'
    }
}
