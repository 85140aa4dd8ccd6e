// case: a restore to: a path on a read-only file system
// needs: root
// given: backups 1
// sh: mkdir m && mount -t tmpfs -o ro,size=1m tmpfs m
// cleanup: umount <CWD>/m
// command: run --no-plan <FILE>
// exit: 73
// code: DESTINATION_NOT_WRITABLE
// expect: cannot unpack app-
// next: make <CWD>/m writable for this user, or restore to: another place
// where: <FILE>:16
runbook 'corpus/restore-to-read-only', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db), to: 'm/app.db'
    }
}
