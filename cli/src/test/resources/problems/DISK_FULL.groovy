// given: mount tmpfs size=16k at full
// command: run --no-plan <FILE>
// exit: 73
// expect: error[DISK_FULL]: step 'back up' failed: backup: cannot write the backup of sqlite <CWD>/app.db to <CWD>/full: the disk is full (<ANY>) at DISK_FULL.groovy:8
runbook 'problems/disk-full', version: '1.0.0', {
    def db = sqlite 'app.db'
    step 'make', { sh "sqlite3 app.db 'CREATE TABLE blobs (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO blobs SELECT randomblob(4000) FROM n;'" }
    step 'back up', { backup db, to: 'full' }
}
