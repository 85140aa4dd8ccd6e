// case: a process has a file of the live tree open; the directory restore refuses and names it
// given: backups 1
// sh: hold_open data/index.html
// cleanup: stop_holder
// command: run --no-plan <FILE>
// exit: 75
// code: TARGET_HELD
// expect: it is in use by
// next: (the directory is then restored in place)
// where: <FILE>:15
runbook 'corpus/live-tree', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(tree)
    }
}
