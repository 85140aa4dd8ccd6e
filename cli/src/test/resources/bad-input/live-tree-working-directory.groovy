// case: a process runs with its working directory inside the live tree
// given: backups 1
// sh: hold_cwd data/sub
// cleanup: stop_holder
// command: run --no-plan <FILE>
// exit: 75
// code: TARGET_HELD
// expect: it is in use by
// next: stop it first (stopService)
// where: <FILE>:15
runbook 'corpus/live-cwd', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(tree)
    }
}
