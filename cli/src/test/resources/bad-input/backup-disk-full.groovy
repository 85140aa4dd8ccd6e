// case: the backup destination fills up while the snapshot is written
// needs: root
// given: data
// sh: sqlite3 app.db "CREATE TABLE blobs (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 75) INSERT INTO blobs SELECT randomblob(4000) FROM n;"
// sh: mkdir m && mount -t tmpfs -o size=64k tmpfs m
// cleanup: umount <CWD>/m
// command: run --no-plan <FILE>
// exit: 73
// code: DISK_FULL
// expect: the disk is full
// next: free space in <CWD>/m, or give another to:
// where: <FILE>:17
runbook 'corpus/backup-disk-full', version: '1.0.0', {
    def db = sqlite 'app.db'
    def tree = dir('data')
    step 'back up', {
        backup db, to: 'm'
    }
}
