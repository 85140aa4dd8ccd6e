// case: the newest backup's file was deleted by hand; verify says it is gone
// given: backups 1
// sh: rm $(newest app)
// command: run --no-plan <FILE>
// exit: 66
// code: BACKUP_MISSING
// expect: is gone: <CWD>/backups/app-
// next: look for it with `ripcord backups`
// where: <FILE>:14
runbook 'corpus/deleted', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'verify', {
        verify lastBackup(db)
    }
}
