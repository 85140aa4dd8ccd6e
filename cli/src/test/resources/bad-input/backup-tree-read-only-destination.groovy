// case: a directory backup to a read-only file system
// needs: root
// given: data
// sh: mkdir m && mount -t tmpfs -o ro,size=1m tmpfs m
// cleanup: umount <CWD>/m
// command: run --no-plan <FILE>
// exit: 73
// code: DESTINATION_NOT_WRITABLE
// expect: m/backups: Read-only file system
// next: make <CWD>/m/backups writable for this user, or give another to:
// where: <FILE>:16
runbook 'corpus/backup-tree-read-only-destination', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup tree, to: 'm/backups'
    }
}
