// case: the target's file system has no room for the restored copy
// needs: root
// given: backups 1
// sh: mkdir m && mount -t tmpfs -o size=16k tmpfs m
// cleanup: umount <CWD>/m
// command: run --no-plan <FILE>
// exit: 73
// code: DISK_FULL
// expect: cannot unpack app-
// next: free space in <CWD>/m, or restore to: another place
// where: <FILE>:16
runbook 'corpus/restore-staging-disk-full', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'restore', {
        restore lastBackup(db), to: 'm/app.db'
    }
}
