// case: a restore to: under a path whose parent is a file
// given: backups 1
// sh: echo x > afile
// command: run --no-plan <FILE>
// exit: 73
// code: DESTINATION_NOT_WRITABLE
// expect: <CWD>/afile is a file, not a directory, so nothing can be created under it
// next: give to: a path under a directory, or move <CWD>/afile away
// where: <FILE>:14
runbook 'corpus/to-file', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db), to: 'afile/sub/app.db'
    }
}
