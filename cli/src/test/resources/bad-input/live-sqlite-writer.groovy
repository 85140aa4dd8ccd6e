// case: a process has the live database open (a writer); restore refuses and names it
// given: backups 1
// sh: hold_open app.db
// cleanup: stop_holder
// command: run --no-plan <FILE>
// exit: 75
// code: TARGET_HELD
// expect: it is in use by
// next: or pass force: true
// where: <FILE>:15
runbook 'corpus/live-writer', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db)
    }
}
